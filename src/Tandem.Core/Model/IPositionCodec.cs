namespace Tandem.Core.Model;

/// <summary>
/// One engine's positions as text: what tandem_meta stores beside the engine's name, and what the runtime reads back to
/// resume. Lossless: <see cref="Parse"/> of <see cref="Format"/> is the same position, every part of it included.
/// </summary>
public interface IPositionCodec
{
    /// <summary>The engine whose positions this reads and writes (<see cref="SourcePosition.Engine"/>).</summary>
    string Engine { get; }

    /// <exception cref="ArgumentException">The position is of another engine.</exception>
    string Format(SourcePosition position);

    /// <exception cref="Errors.TandemException">The text is not a position of this engine; the hint shows the form.</exception>
    SourcePosition Parse(string text);
}
