using Tandem.MySql.Protocol;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>
/// The contract every parser keeps on hostile input: it returns a value or throws a <see cref="MySqlException"/>
/// (usually <see cref="MySqlProtocolException"/>). Anything else (IndexOutOfRange, ArgumentOutOfRange, Overflow,
/// NullReference, InvalidCast) is a bug and is reported with the bytes that caused it.
/// </summary>
internal static class FuzzOutcome
{
    public static void ParsesOrRejects(string what, ReadOnlySpan<byte> input, ParseAction parse)
    {
        try
        {
            parse(input);
        }
        catch (MySqlException)
        {
            // Rejected with a documented error: that is the contract.
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{what} threw {ex.GetType().Name} for input {Convert.ToHexString(input)}: {ex.Message}", ex);
        }
    }

    public delegate void ParseAction(ReadOnlySpan<byte> input);
}
