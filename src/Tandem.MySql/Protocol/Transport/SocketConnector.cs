using System.Net;
using System.Net.Sockets;

namespace Tandem.MySql.Protocol.Transport;

/// <summary>Opens the TCP or Unix-domain socket a session runs over, within the connect timeout.</summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(MySqlConnectionOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ConnectTimeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(options.ConnectTimeout);
        }

        Socket? socket = null;
        try
        {
            if (options.UnixSocket is not null)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await ConnectAsync(socket, new UnixDomainSocketEndPoint(options.UnixSocket), options.BlockingIo, timeout.Token).ConfigureAwait(false);
                return socket;
            }

            var addresses = IPAddress.TryParse(options.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(options.Host, timeout.Token).ConfigureAwait(false);
            Exception? last = null;
            foreach (var address in addresses)
            {
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                try
                {
                    await ConnectAsync(socket, new IPEndPoint(address, options.Port), options.BlockingIo, timeout.Token).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException ex)
                {
                    last = ex;
                    socket.Dispose();
                    socket = null;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            throw new MySqlConnectionException(
                $"could not connect to {options.DisplayName}: no answer within {options.ConnectTimeout.TotalSeconds:0.#} s",
                "check that the server is running and the host and port are right; a firewall may be dropping packets (raise connect-timeout if the network is slow)");
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            throw new MySqlConnectionException(
                $"could not connect to {options.DisplayName}: {Describe(ex)}",
                ex.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "nothing listens there: start the server or fix the port in the URI",
                    SocketError.HostNotFound or SocketError.NoData => "the host name does not resolve: fix the host in the URI",
                    _ => "check that the server is running and reachable from this machine",
                },
                ex);
        }
    }

    private static async Task ConnectAsync(Socket socket, EndPoint endPoint, bool blocking, CancellationToken cancellationToken)
    {
        if (!blocking)
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return;
        }

        // On Linux one async operation turns a .NET socket non-blocking for good, and its "blocking" calls are then
        // emulated over epoll, slower than either mode. A blocking-mode connection therefore never goes async:
        // the timeout closes the socket instead of cancelling an async connect.
        using var closeOnTimeout = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            socket.Connect(endPoint);
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SocketException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound => "host not found",
        SocketError.TimedOut => "timed out",
        SocketError.AddressNotAvailable => "address not available",
        _ => ex.Message,
    };
}
