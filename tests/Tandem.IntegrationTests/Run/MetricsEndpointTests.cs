using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cli.Run;
using Tandem.Core.Errors;
using Tandem.Core.Replication;

namespace Tandem.IntegrationTests.Run;

/// <summary>The --metrics-port endpoint, scraped over real HTTP as Prometheus would.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Get_metrics_serves_the_live_figures_in_prometheus_text_format()
    {
        var metrics = new ReplicationMetrics("demo") { Phase = TaskPhase.Snapshotting };
        metrics.AddCopyTotals(800_000, 8);
        await using var endpoint = MetricsEndpoint.Start(IPAddress.Loopback, 0, metrics, NullLogger.Instance);
        using var http = new HttpClient();

        using var first = await http.GetAsync(endpoint.Url);
        metrics.AddCopiedRows(240_000);
        metrics.Phase = TaskPhase.Streaming;
        var second = await http.GetStringAsync(endpoint.Url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", first.Content.Headers.ContentType?.ToString());
        var body = await first.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE tandem_copy_rows_estimated gauge\ntandem_copy_rows_estimated{task=\"demo\"} 800000\n", body, StringComparison.Ordinal);
        Assert.Contains("tandem_task_phase{task=\"demo\",phase=\"snapshotting\"} 1\n", body, StringComparison.Ordinal);
        Assert.Equal(PrometheusText.Format(metrics), second);
        Assert.Contains("tandem_copy_rows_total{task=\"demo\"} 240000\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_listens_on_loopback_and_reports_the_port_it_got()
    {
        await using var endpoint = MetricsEndpoint.Start(IPAddress.Loopback, 0, new ReplicationMetrics("t"), NullLogger.Instance);

        Assert.Equal(IPAddress.Loopback, endpoint.EndPoint.Address);
        Assert.NotEqual(0, endpoint.EndPoint.Port);
        Assert.Equal($"http://127.0.0.1:{endpoint.EndPoint.Port}/metrics", endpoint.Url.ToString());
    }

    [Fact]
    public async Task Other_paths_and_methods_are_refused_and_head_has_no_body()
    {
        await using var endpoint = MetricsEndpoint.Start(IPAddress.Loopback, 0, new ReplicationMetrics("t"), NullLogger.Instance);
        using var http = new HttpClient();

        using var root = await http.GetAsync(new Uri(endpoint.Url, "/"));
        using var post = await http.PostAsync(endpoint.Url, new StringContent("x"));
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, endpoint.Url));
        using var query = await http.GetAsync(new Uri(endpoint.Url + "?name=x"));

        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task A_client_sending_garbage_gets_400_and_the_endpoint_keeps_serving()
    {
        await using var endpoint = MetricsEndpoint.Start(IPAddress.Loopback, 0, new ReplicationMetrics("t"), NullLogger.Instance);
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(endpoint.EndPoint);
            var stream = raw.GetStream();
            await stream.WriteAsync("hello\r\n\r\n"u8.ToArray());
            using var reader = new StreamReader(stream);
            Assert.Equal("HTTP/1.1 400 Bad Request", await reader.ReadLineAsync());
        }

        using var http = new HttpClient();
        Assert.Contains("tandem_queued_bytes", await http.GetStringAsync(endpoint.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_with_a_hint()
    {
        await using var first = MetricsEndpoint.Start(IPAddress.Loopback, 0, new ReplicationMetrics("t"), NullLogger.Instance);

        var error = Assert.Throws<TandemException>(() => MetricsEndpoint.Start(IPAddress.Loopback, first.EndPoint.Port, new ReplicationMetrics("t"), NullLogger.Instance));

        Assert.StartsWith($"cannot serve metrics on 127.0.0.1:{first.EndPoint.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--metrics-port", error.Hint, StringComparison.Ordinal);
    }
}
