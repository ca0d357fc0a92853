using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class ValueProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly Gen<string> DigitString =
        from length in Gen.Choose(1, 65)
        from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
        select new string(digits);

    private static readonly Gen<string> DecimalText =
        from digits in DigitString
        from scale in Gen.Choose(0, Math.Min(30, digits.Length))
        from negative in Gen.Elements(true, false)
        select (negative ? "-" : string.Empty) + (scale == 0 ? digits : (scale == digits.Length ? "0" : digits[..^scale]) + "." + digits[^scale..]);

    private static readonly Gen<int> FractionDigits = Gen.Choose(0, 6);

    private static readonly Gen<MySqlDateTime> DateTimes =
        from kind in Gen.Elements(MySqlDateTimeKind.Date, MySqlDateTimeKind.DateTime, MySqlDateTimeKind.Timestamp)
        from year in Gen.Choose(0, 9999)
        from month in Gen.Choose(0, 12)
        from day in Gen.Choose(0, 31)
        from hour in Gen.Choose(0, 23)
        from minute in Gen.Choose(0, 59)
        from second in Gen.Choose(0, 59)
        from digits in FractionDigits
        from micro in Gen.Choose(0, 999_999)
        select kind == MySqlDateTimeKind.Date
            ? new MySqlDateTime(year, month, day)
            : new MySqlDateTime(year, month, day, hour, minute, second, Truncate(micro, digits), digits, kind);

    private static readonly Gen<MySqlTime> Times =
        from negative in Gen.Elements(true, false)
        from hours in Gen.OneOf(Gen.Choose(0, 838), Gen.Choose(0, 2_000_000))
        from minute in Gen.Choose(0, 59)
        from second in Gen.Choose(0, 59)
        from digits in FractionDigits
        from micro in Gen.Choose(0, 999_999)
        select new MySqlTime(negative, hours, minute, second, Truncate(micro, digits), digits);

    [Fact]
    public void Decimal_text_round_trips()
    {
        Check.One(Config, Prop.ForAll(DecimalText.ToArbitrary(), text =>
        {
            var value = MySqlDecimal.Parse(Encoding.ASCII.GetBytes(text));
            return MySqlDecimal.Parse(value.ToString()) == value && MySqlDecimal.Parse(value.ToString()).ToString() == value.ToString();
        }));
    }

    [Fact]
    public void Decimal_agrees_with_system_decimal_when_it_fits()
    {
        Check.One(Config, Prop.ForAll(DecimalText.ToArbitrary(), text =>
        {
            var value = MySqlDecimal.Parse(text);
            return !value.TryToDecimal(out var d) || MySqlDecimal.FromDecimal(d).ToString().TrimEnd('0') == value.ToString().TrimEnd('0');
        }));
    }

    [Fact]
    public void Datetime_text_round_trips()
    {
        Check.One(Config, Prop.ForAll(DateTimes.ToArbitrary(), value =>
            MySqlDateTime.ParseText(Encoding.ASCII.GetBytes(value.ToString()), value.Kind) == value));
    }

    [Fact]
    public void Time_text_round_trips()
    {
        Check.One(Config, Prop.ForAll(Times.ToArbitrary(), value =>
            MySqlTime.ParseText(Encoding.ASCII.GetBytes(value.ToString())) == value &&
            MySqlTime.FromTimeSpan(value.ToTimeSpan(), value.FractionDigits) == value));
    }

    [Fact]
    public void Temporal_parameters_decode_back()
    {
        Check.One(Config, Prop.ForAll(DateTimes.ToArbitrary(), value =>
        {
            var decoded = (MySqlDateTime)BinaryParameterEncoderTests.RoundTrip(value, out _, out _);
            return decoded.ToString().StartsWith(value.ToString(), StringComparison.Ordinal) && decoded.Microsecond == value.Microsecond;
        }));
        Check.One(Config, Prop.ForAll(Times.ToArbitrary(), value =>
            ((MySqlTime)BinaryParameterEncoderTests.RoundTrip(value, out _, out _)).ToTimeSpan() == value.ToTimeSpan()));
    }

    [Fact]
    public void Integer_parameters_decode_back_through_the_binary_decoder()
    {
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<long>(), v => (long)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), v => (ulong)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<int>(), v => (long)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<uint>(), v => (ulong)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<short>(), v => (long)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<ushort>(), v => (ulong)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<sbyte>(), v => (long)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<byte>(), v => (ulong)BinaryParameterEncoderTests.RoundTrip(v, out _, out _) == v));
    }

    [Fact]
    public void Integer_text_decodes_like_invariant_parsing()
    {
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<long>(), v =>
            (long)TextValueDecoder.Decode(Columns.Of(ColumnType.LongLong), Encoding.ASCII.GetBytes(v.ToString(System.Globalization.CultureInfo.InvariantCulture))) == v));
    }

    [Fact]
    public void Arbitrary_bytes_never_escape_as_anything_but_protocol_errors()
    {
        var types = Enum.GetValues<ColumnType>();
        var gen =
            from type in Gen.Elements(types)
            from unsigned in Gen.Elements(true, false)
            from decimals in Gen.Elements((byte)0, (byte)3, (byte)6, (byte)31)
            from bytes in Gen.OneOf(
                Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()),
                Gen.ArrayOf(Gen.Elements("0123456789-:. .eE+".Select(c => (byte)c).ToArray())))
            select (type, unsigned, decimals, bytes);
        Check.One(Config.WithMaxTest(3000), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var column = Columns.Of(input.type, input.unsigned ? ColumnFlags.Unsigned : ColumnFlags.None, decimals: input.decimals);
            try
            {
                TextValueDecoder.Decode(column, input.bytes);
            }
            catch (MySqlProtocolException)
            {
            }

            try
            {
                var reader = new PayloadReader(input.bytes, "row");
                BinaryValueDecoder.Decode(column, ref reader);
            }
            catch (MySqlProtocolException)
            {
            }

            return true;
        }));
    }

    private static int Truncate(int microsecond, int digits)
    {
        var unit = (int)Math.Pow(10, 6 - digits);
        return microsecond / unit * unit;
    }
}
