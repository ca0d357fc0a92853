using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Replication;

namespace Tandem.Cli.Run;

/// <summary>
/// Serves <c>GET /metrics</c> (<see cref="PrometheusText"/>) over plain HTTP/1.1 for a Prometheus scraper: one request per
/// connection, answered and closed. It is a small TcpListener loop rather than ASP.NET Core because a scrape endpoint
/// needs nothing more, and in the same minimal program Kestrel's slim host cost about 28 MiB more resident memory
/// (63 MiB against 35 MiB) and 100 to 160 ms more before it listened (measured on the shared 2-core machine).
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    /// <summary>A request head longer than this is not a scraper's.</summary>
    private const int MaxRequestHead = 8 * 1024;

    /// <summary>Scrapes are tiny; more connections than this at once are refused rather than given threads and memory.</summary>
    private const int MaxConnections = 16;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly IReadOnlyList<ReplicationMetrics> _metrics;
    private readonly bool _link;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _connections = new(MaxConnections);
    private readonly Task _accepting;

    private MetricsEndpoint(TcpListener listener, IReadOnlyList<ReplicationMetrics> metrics, bool link, ILogger logger)
    {
        _listener = listener;
        _metrics = metrics;
        _link = link;
        _logger = logger;
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>Where it listens (the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    public Uri Url => new($"http://{(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{EndPoint.Address}]" : EndPoint.Address.ToString())}:{EndPoint.Port}/metrics");

    /// <exception cref="TandemException">The address cannot be listened on (in use, not this machine's, not allowed).</exception>
    public static MetricsEndpoint Start(IPAddress address, int port, ReplicationMetrics metrics, ILogger logger) => Start(address, port, [metrics], link: false, logger);

    /// <summary>Serves several tasks' metrics (a link's directions, with its link metrics when <paramref name="link"/>).</summary>
    public static MetricsEndpoint Start(IPAddress address, int port, IReadOnlyList<ReplicationMetrics> metrics, bool link, ILogger logger)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new TandemException(
                $"cannot serve metrics on {address}:{port}: {ex.Message}",
                ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? "another process listens on that port: choose another --metrics-port"
                    : "check --metrics-address (an address of this machine) and --metrics-port (ports below 1024 need privileges)",
                ex);
        }

        return new MetricsEndpoint(listener, metrics, link, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before it was accepted; the listener itself is fine.
                _logger.LogDebug("metrics endpoint: accept failed: {Error}", ex.Message);
                continue;
            }

            if (!_connections.Wait(0))
            {
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            await using var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, timeout.Token);
            var (status, contentType, body, allow) = Answer(head);
            var bodyBytes = Encoding.UTF8.GetBytes(body);
            var response = new StringBuilder()
                .Append($"HTTP/1.1 {status}\r\n")
                .Append($"Content-Type: {contentType}\r\n")
                .Append($"Content-Length: {bodyBytes.Length}\r\n")
                .Append(allow is null ? string.Empty : $"Allow: {allow}\r\n")
                .Append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response.ToString()), timeout.Token);
            if (head?.StartsWith("HEAD ", StringComparison.Ordinal) != true)
                await stream.WriteAsync(bodyBytes, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A scraper that hung up or stalled costs nothing but its own answer.
            _logger.LogDebug("metrics endpoint: request dropped: {Error}", ex.Message);
        }
        finally
        {
            client.Dispose();
            _connections.Release();
        }
    }

    /// <summary>The request line and headers up to the blank line, or null when the client sent something else.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
                return null;
            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
                return text[..end];
        }

        return null;
    }

    private (string Status, string ContentType, string Body, string? Allow) Answer(string? head)
    {
        const string Text = "text/plain; charset=utf-8";
        var requestLine = head?.Split("\r\n", 2)[0].Split(' ');
        if (requestLine is not [var method, var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal))
            return ("400 Bad Request", Text, "bad request\n", null);
        var path = target.Split('?', 2)[0];
        if (path != "/metrics")
            return ("404 Not Found", Text, "not found: Tandem serves /metrics\n", null);
        if (method is not ("GET" or "HEAD"))
            return ("405 Method Not Allowed", Text, "method not allowed\n", "GET, HEAD");
        return ("200 OK", PrometheusText.ContentType, PrometheusText.Format(_metrics, _link), null);
    }
}
