using System.Net;
using System.Net.Sockets;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A loopback TCP proxy whose open connections can be frozen: bytes stop flowing both ways but the sockets stay open,
/// as when a network path dies without a reset. New connections pass normally.
/// </summary>
internal sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server, CancellationTokenSource Freeze)> _connections = [];
    private readonly Task _accepting;

    public StallingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int ConnectionCount
    {
        get
        {
            lock (_connections)
                return _connections.Count;
        }
    }

    /// <summary>Stops every open connection from passing bytes, without closing it.</summary>
    public void FreezeOpenConnections()
    {
        lock (_connections)
        {
            foreach (var (_, _, freeze) in _connections)
                freeze.Cancel();
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

            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            var freeze = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            lock (_connections)
                _connections.Add((client, server, freeze));
            _ = PumpAsync(client.GetStream(), server.GetStream(), freeze.Token);
            _ = PumpAsync(server.GetStream(), client.GetStream(), freeze.Token);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken freeze)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, freeze);
                if (read == 0)
                    return;
                await to.WriteAsync(buffer.AsMemory(0, read), freeze);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Frozen or closed: the sockets stay as they are until the proxy is disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            foreach (var (client, server, freeze) in _connections)
            {
                client.Dispose();
                server.Dispose();
                freeze.Dispose();
            }
        }

        _stop.Dispose();
    }
}
