using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>
/// Runs one fuzz case on a thread of its own, under a time limit and an allocation limit, and checks the contract of
/// the binlog path on hostile input: it finishes, or fails with a <see cref="MySqlException"/>; a
/// <see cref="BinlogCorruptException"/> names a "file:offset" position. Allocation is counted on the case's thread, so
/// an allocation sized by a damaged length field shows even when it would have succeeded.
/// </summary>
internal static class BoundedRun
{
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    public const long AllocationLimit = 64L << 20;

    /// <param name="strict">Only <see cref="BinlogCorruptException"/> may escape (the decoder's own contract).</param>
    public static void Check(string what, byte[][] input, Func<Task> run, bool strict = false)
    {
        Exception? failure = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                run().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 16 << 20)
        {
            IsBackground = true,
        };
        thread.Start();
        if (!thread.Join(CaseLimit))
        {
            throw new TimeoutException($"{what} did not finish within {CaseLimit} for input {Describe(input)}");
        }

        switch (failure)
        {
            case null:
                break;
            case BinlogCorruptException corrupt:
                Assert.Matches(@"^.+:\d+$", corrupt.Position);
                break;
            case MySqlException when !strict:
                break;
            default:
                throw new InvalidOperationException($"{what} threw {failure.GetType().Name} for input {Describe(input)}: {failure.Message}", failure);
        }

        if (allocated > AllocationLimit)
        {
            throw new InvalidOperationException($"{what} allocated {allocated >> 20} MiB for {input.Sum(i => i.Length)} bytes of input {Describe(input)}");
        }
    }

    private static string Describe(byte[][] input) => string.Join(" | ", input.Select(i => Convert.ToHexString(i.AsSpan(0, Math.Min(i.Length, 512)))));
}
