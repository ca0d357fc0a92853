using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Verify;

namespace Tandem.MySql.Verify;

internal static class ConsistentPairs
{
    public static Task<SessionPairs> OpenAsync(MySqlVerifyOptions options, QueryCounter sourceQueries, QueryCounter targetQueries, VerifyReport report, ILogger logger, CancellationToken ct) =>
        throw new TandemException("consistent mode is not available yet");
}
