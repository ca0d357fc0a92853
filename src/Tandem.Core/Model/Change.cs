namespace Tandem.Core.Model;

/// <summary>One change inside a <see cref="Transaction"/>: a <see cref="RowChange"/> or a <see cref="DdlChange"/>.</summary>
public abstract class Change
{
}
