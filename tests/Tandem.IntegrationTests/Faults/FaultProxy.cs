using System.Net;
using System.Net.Sockets;

namespace Tandem.IntegrationTests.Faults;

/// <summary>
/// A loopback TCP proxy in front of one server that can cut the network (every open connection reset, new ones reset
/// as they arrive) or freeze it (no byte passes either way on any connection, old or new, but nothing closes: when the
/// freeze ends, what was held back flows on, as after a routing outage TCP rides out), and restore it.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly object _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Completed();
    private bool _cut;

    public FaultProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Uri => $"mysql://root@127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Resets every open connection, and every new one until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var (client, server) in _connections)
            {
                Reset(client);
                Reset(server);
            }

            _connections.Clear();
        }
    }

    /// <summary>Holds back every byte on every connection, open or new, until <see cref="Restore"/>.</summary>
    public void Freeze()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
            _flowing.TrySetResult();
        }
    }

    private Task Flowing
    {
        get
        {
            lock (_gate)
                return _flowing.Task;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                if (_cut)
                {
                    Reset(client);
                    continue;
                }
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The server is down: the client sees its connection reset, as it would see the refusal.
                Reset(client);
                server.Dispose();
                continue;
            }

            lock (_gate)
                _connections.Add((client, server));
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                await Flowing.WaitAsync(_stop.Token);
                var read = await input.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await Flowing.WaitAsync(_stop.Token);
                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Cut, closed by either end, or the proxy is stopping.
        }
    }

    /// <summary>Closes with a TCP reset (linger 0), as a broken path or a restarted firewall does.</summary>
    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_gate)
        {
            foreach (var (client, server) in _connections)
            {
                client.Dispose();
                server.Dispose();
            }

            _connections.Clear();
            _flowing.TrySetResult();
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
