using System.Net;
using System.Net.Sockets;

namespace Tandem.Sandbox;

/// <summary>
/// Hands out free loopback TCP ports. The kernel picks one by binding to port 0; ports handed out
/// earlier in this process are skipped because their server may not have bound them yet.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Issued = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Issued.Add(port))
                    return port;
            }
        }

        throw new InvalidOperationException("Could not find a free loopback port in 100 attempts.");
    }
}
