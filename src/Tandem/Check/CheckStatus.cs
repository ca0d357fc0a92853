namespace Tandem.Cli.Check;

/// <summary>The outcome of one check; only <see cref="Fail"/> stops a server from serving as a source.</summary>
internal enum CheckStatus
{
    Pass,
    Warn,
    Fail,
}
