using Microsoft.Extensions.Logging;
using Tandem.Core.Verify;

namespace Tandem.MySql.Verify;

/// <summary>What every table's comparison shares: the options, the rate limit, progress, the journal, the live wait.</summary>
internal sealed record VerifyContext(
    MySqlVerifyOptions Options,
    RowRateLimiter Limiter,
    IVerifyProgress Progress,
    VerifyJournal Journal,
    ILiveWait? Live,
    ILogger Logger);
