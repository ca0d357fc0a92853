namespace Tandem.Core.Tasks.Links;

/// <summary>How a link's directions tag the transactions they apply, so that a direction can recognise the link's own changes (<c>origin_tagging</c>).</summary>
public enum OriginTagging
{
    /// <summary>Tandem chooses how (<c>auto</c>, the default).</summary>
    Auto,

    /// <summary>The link's marks only (<c>mark</c>).</summary>
    MarkOnly,
}
