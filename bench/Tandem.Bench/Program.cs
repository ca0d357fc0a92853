using Tandem.Bench;

#if DEBUG
Console.Error.WriteLine("warning: a Debug build; run bench/client or bench/capture (Release) for figures worth recording");
#endif

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(ClientBenchOptions.Usage);
    Console.WriteLine(CaptureBenchOptions.Usage);
    Console.WriteLine(ReplicateBenchOptions.Usage);
    Console.WriteLine(VerifyBenchOptions.Usage);
    Console.WriteLine(TwowayBenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "profile-load")
{
    using var stop = new CancellationTokenSource();
    await ProfileLoad.RunAsync(args.Length > 1 ? args[1] : "prepared", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30, stop.Token);
    return 0;
}

if (args[0] == "profile-capture")
{
    using var stopProfile = new CancellationTokenSource();
    await ProfileCapture.RunAsync(args.Length > 1 ? args[1] : "both", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30, stopProfile.Token);
    return 0;
}

if (args[0] == "capture")
{
    CaptureBenchOptions captureOptions;
    try
    {
        captureOptions = CaptureBenchOptions.Parse(args.AsSpan(1));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(CaptureBenchOptions.Usage);
        return 2;
    }

    using var stopCapture = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopCapture.Cancel();
    };
    await CaptureBenchmark.RunAsync(captureOptions, "bench/capture " + string.Join(' ', args[1..]), stopCapture.Token);
    return 0;
}

if (args[0] == "replicate")
{
    ReplicateBenchOptions replicateOptions;
    try
    {
        replicateOptions = ReplicateBenchOptions.Parse(args.AsSpan(1));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(ReplicateBenchOptions.Usage);
        return 2;
    }

    using var stopReplicate = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopReplicate.Cancel();
    };
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopReplicate.Cancel();
    });
    await ReplicateBenchmark.RunAsync(replicateOptions, "bench/replicate " + string.Join(' ', args[1..]), stopReplicate.Token);
    return 0;
}

if (args[0] == "verify")
{
    VerifyBenchOptions verifyOptions;
    try
    {
        verifyOptions = VerifyBenchOptions.Parse(args.AsSpan(1));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(VerifyBenchOptions.Usage);
        return 2;
    }

    using var stopVerify = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopVerify.Cancel();
    };
    using var sigtermVerify = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopVerify.Cancel();
    });
    return await VerifyBenchmark.RunAsync(verifyOptions, "bench/verify/run " + string.Join(' ', args[1..]), stopVerify.Token);
}

if (args[0] == "twoway")
{
    TwowayBenchOptions twowayOptions;
    try
    {
        twowayOptions = TwowayBenchOptions.Parse(args.AsSpan(1));
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(TwowayBenchOptions.Usage);
        return 2;
    }

    using var stopTwoway = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopTwoway.Cancel();
    };
    using var sigtermTwoway = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopTwoway.Cancel();
    });
    return await TwowayBenchmark.RunAsync(twowayOptions, string.Join(" ", ["bench/twoway/run", .. args[1..]]), stopTwoway.Token);
}

if (args[0] != "client")
{
    Console.Error.WriteLine($"unknown subcommand '{args[0]}'");
    Console.Error.WriteLine(ClientBenchOptions.Usage);
    Console.Error.WriteLine(CaptureBenchOptions.Usage);
    Console.Error.WriteLine(ReplicateBenchOptions.Usage);
    Console.Error.WriteLine(VerifyBenchOptions.Usage);
    Console.Error.WriteLine(TwowayBenchOptions.Usage);
    return 2;
}

ClientBenchOptions options;
try
{
    options = ClientBenchOptions.Parse(args.AsSpan(1));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(ClientBenchOptions.Usage);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

await ClientBenchmark.RunAsync(options, "bench/client " + string.Join(' ', args[1..]), cts.Token);
return 0;
