namespace Tandem.Core.Replication.Folding;

/// <summary>
/// How the text of one key column is hashed so that values its collation holds equal hash alike. The engine that owns
/// the column supplies it (a MySQL collation's weights, a PostgreSQL deterministic collation's exact bytes). Folding
/// more than the collation does only makes some changes wait for each other; folding less lets two changes of one target
/// row run out of order, which loses data, so an implementation that cannot be exact must fold more.
/// </summary>
public interface IKeyTextFold
{
    /// <summary>Adds <paramref name="text"/> to <paramref name="hash"/>.</summary>
    ulong Add(ulong hash, string text);
}
