namespace Tandem.MySql.Links;

/// <summary>What a link does with a transaction read from one of its servers.</summary>
public enum LoopVerdict
{
    /// <summary>It originated on this server: replicate it.</summary>
    Forward,

    /// <summary>The link applied it here (its mark, its DDL marker, or the native tag): never replicate it back.</summary>
    Replicated,

    /// <summary>DDL run on this server in a direction that does not replicate DDL: report it, do not apply it.</summary>
    ForeignDdl,
}
