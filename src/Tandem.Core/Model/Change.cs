namespace Tandem.Core.Model;

/// <summary>One change inside a <see cref="Transaction"/>: a <see cref="RowChange"/>, a <see cref="DdlChange"/> or a <see cref="SkippedStatement"/>.</summary>
public abstract class Change
{
}
