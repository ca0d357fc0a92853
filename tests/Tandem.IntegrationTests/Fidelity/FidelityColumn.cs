namespace Tandem.IntegrationTests.Fidelity;

/// <summary>
/// One column of the fidelity table: its SQL type, how its values compare, and the SQL expressions of its values in
/// <see cref="FidelityTable.RowCount"/> rows (row 3 is NULL in every column and is not listed).
/// </summary>
internal sealed record FidelityColumn(string Name, string Type, ValueKind Kind, string Minimum, string Maximum, string Ordinary, string Odd)
{
    /// <summary>The SQL value of this column in row <paramref name="id"/> (1 to <see cref="FidelityTable.RowCount"/>).</summary>
    public string ValueInRow(int id) => id switch
    {
        1 => Minimum,
        2 => Maximum,
        3 => "NULL",
        4 => Ordinary,
        5 => Odd,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "the fidelity table has rows 1 to 5"),
    };
}
