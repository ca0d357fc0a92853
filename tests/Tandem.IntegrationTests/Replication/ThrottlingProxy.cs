using System.Net;
using System.Net.Sockets;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// A loopback TCP proxy that can slow what clients send to the server to a given rate (a slow network path), so a
/// large statement is still on its way when a test acts. It counts the bytes it forwarded to the server.
/// </summary>
internal sealed class ThrottlingProxy : IAsyncDisposable
{
    private const int ThrottledChunk = 16 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private long _bytesPerSecond;
    private long _toServer;

    public ThrottlingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The most bytes a second each connection may send to the server; 0 for no limit.</summary>
    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set => Interlocked.Exchange(ref _bytesPerSecond, value);
    }

    /// <summary>Bytes forwarded from clients to the server since the start or the last <see cref="ResetCount"/>.</summary>
    public long ForwardedToServer => Interlocked.Read(ref _toServer);

    public void ResetCount() => Interlocked.Exchange(ref _toServer, 0);

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
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The server is down: the client sees its connection closed, as it would see a refusal.
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = PumpAsync(client, server, toServer: true);
            _ = PumpAsync(server, client, toServer: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var rate = toServer ? BytesPerSecond : 0;
                var read = await input.ReadAsync(buffer.AsMemory(0, rate > 0 ? ThrottledChunk : buffer.Length), _stop.Token);
                if (read == 0)
                    break;
                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (!toServer)
                    continue;
                Interlocked.Add(ref _toServer, read);
                if (rate > 0)
                    await Task.Delay(TimeSpan.FromSeconds(read / (double)rate), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed on either side, or the proxy is stopping.
        }

        // A side that hung up closes the other, as a direct connection would.
        from.Dispose();
        to.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
                socket.Dispose();
        }

        _stop.Dispose();
    }
}
