using Tandem.MySql.Protocol;

namespace Tandem.MySql.Verify;

/// <summary>
/// The connections the workers read through, one to each side per worker: opened when a worker starts, or (consistent
/// mode) opened beforehand inside snapshots at one position.
/// </summary>
internal sealed class SessionPairs : IAsyncDisposable
{
    private readonly MySqlConnectionOptions? _source;
    private readonly MySqlConnectionOptions? _target;
    private readonly QueryCounter _sourceQueries;
    private readonly QueryCounter _targetQueries;
    private readonly (VerifySession Source, VerifySession Target)?[] _pairs;
    private readonly IAsyncDisposable? _owned;

    private SessionPairs(int count, MySqlConnectionOptions? source, MySqlConnectionOptions? target, QueryCounter sourceQueries, QueryCounter targetQueries, IAsyncDisposable? owned)
    {
        _pairs = new (VerifySession, VerifySession)?[count];
        _source = source;
        _target = target;
        _sourceQueries = sourceQueries;
        _targetQueries = targetQueries;
        _owned = owned;
    }

    public int Count => _pairs.Length;

    public static SessionPairs Fresh(MySqlVerifyOptions options, QueryCounter sourceQueries, QueryCounter targetQueries) =>
        new(Math.Max(1, options.Threads), options.Source, options.Target, sourceQueries, targetQueries, null);

    /// <summary>Pairs already open (inside snapshots); <paramref name="owned"/> is disposed with them.</summary>
    public static SessionPairs Opened(IReadOnlyList<(VerifySession Source, VerifySession Target)> pairs, IAsyncDisposable? owned)
    {
        var opened = new SessionPairs(pairs.Count, null, null, new QueryCounter(), new QueryCounter(), owned);
        for (var i = 0; i < pairs.Count; i++)
            opened._pairs[i] = pairs[i];
        return opened;
    }

    public async Task<(VerifySession Source, VerifySession Target)> GetAsync(int index, CancellationToken ct)
    {
        if (_pairs[index] is { } pair)
            return pair;
        var source = await VerifySession.OpenAsync(_source!, _sourceQueries, ct).ConfigureAwait(false);
        try
        {
            var target = await VerifySession.OpenAsync(_target!, _targetQueries, ct).ConfigureAwait(false);
            _pairs[index] = (source, target);
            return (source, target);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pair in _pairs)
        {
            if (pair is { } p)
            {
                await p.Source.DisposeAsync().ConfigureAwait(false);
                await p.Target.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_owned is not null)
            await _owned.DisposeAsync().ConfigureAwait(false);
    }
}
