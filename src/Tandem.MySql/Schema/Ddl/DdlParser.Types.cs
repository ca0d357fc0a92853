namespace Tandem.MySql.Schema.Ddl;

/// <summary>Column types and their attributes (https://mariadb.com/kb/en/data-types/).</summary>
internal sealed partial class DdlParser
{
    private ParsedType ParseType()
    {
        var token = Peek();
        if (token.Kind != DdlTokenKind.Word)
            throw Error("a column type");
        Next();
        var word = token.Text.ToLowerInvariant();
        var national = false;
        if (word == "national")
        {
            national = true;
            word = Next().Text.ToLowerInvariant();
        }

        var type = ParseTypeName(word, ref national);
        if (Peek().IsSymbol("("))
            type = ParseTypeArguments(type);

        // FLOAT(p): p <= 24 is a FLOAT, 25..53 a DOUBLE, both without a display size
        // (https://dev.mysql.com/doc/refman/8.4/en/floating-point-types.html).
        if (type.Name == "float" && type.Length is { } p && type.Scale is null)
            type = type with { Name = p > 24 ? "double" : "float", Length = null };

        if (national)
            type = type with { CharacterSet = "utf8mb3" };
        return ParseTypeAttributes(type);
    }

    private ParsedType ParseTypeName(string word, ref bool national)
    {
        switch (word)
        {
            case "integer" or "int4":
                return new ParsedType { Name = "int" };
            case "int1":
                return new ParsedType { Name = "tinyint" };
            case "int2":
                return new ParsedType { Name = "smallint" };
            case "int3" or "middleint":
                return new ParsedType { Name = "mediumint" };
            case "int8":
                return new ParsedType { Name = "bigint" };
            case "bool" or "boolean":
                return new ParsedType { Name = "tinyint", Length = 1 };
            case "serial":
                return new ParsedType { Name = "bigint", Unsigned = true, Serial = true };
            case "dec" or "numeric" or "fixed":
                return new ParsedType { Name = "decimal" };
            case "float4":
                return new ParsedType { Name = "float" };
            case "double" or "float8" or "real":
                Accept("PRECISION");
                return new ParsedType { Name = "double" };
            case "character" or "char":
                return new ParsedType { Name = Accept("VARYING") ? "varchar" : "char" };
            case "nchar":
                national = true;
                return new ParsedType { Name = Accept("VARYING") ? "varchar" : "char" };
            case "nvarchar" or "varcharacter":
                national = word == "nvarchar";
                return new ParsedType { Name = "varchar" };
            case "long":
                if (Accept("VARBINARY"))
                    return new ParsedType { Name = "mediumblob" };
                if (!Accept("VARCHAR") && Accept("CHAR"))
                    Accept("VARYING");
                return new ParsedType { Name = "mediumtext" };
            case "geomcollection":
                return new ParsedType { Name = "geometrycollection" };
            case "tinyint" or "smallint" or "mediumint" or "int" or "bigint" or "bit" or "decimal" or "float"
                or "varchar" or "binary" or "varbinary" or "tinytext" or "text" or "mediumtext" or "longtext"
                or "tinyblob" or "blob" or "mediumblob" or "longblob" or "date" or "time" or "datetime"
                or "timestamp" or "year" or "enum" or "set" or "json" or "geometry" or "point" or "linestring"
                or "polygon" or "multipoint" or "multilinestring" or "multipolygon" or "geometrycollection"
                or "uuid" or "inet4" or "inet6" or "vector":
                return new ParsedType { Name = word };
            default:
                _pos--;
                throw Error("a column type");
        }
    }

    private ParsedType ParseTypeArguments(ParsedType type)
    {
        ExpectSymbol("(");
        if (type.Name is "enum" or "set")
        {
            var labels = new List<string>();
            do
            {
                var label = Peek();
                if (label.Kind != DdlTokenKind.String)
                {
                    // An introducer (_utf8mb4'x') may precede a label.
                    if (label.Kind == DdlTokenKind.Word && Peek(1).Kind == DdlTokenKind.String)
                        Next();
                    else
                        throw Error("a quoted ENUM/SET label");
                }

                // The server strips trailing spaces from ENUM and SET members (https://dev.mysql.com/doc/refman/8.4/en/enum.html).
                labels.Add(Next().Text.TrimEnd(' '));
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
            return type with { Labels = labels };
        }

        var length = ParseInt();
        int? scale = AcceptSymbol(",") ? ParseInt() : null;
        ExpectSymbol(")");
        return type with { Length = length, Scale = scale };
    }

    private ParsedType ParseTypeAttributes(ParsedType type)
    {
        while (true)
        {
            if (Accept("UNSIGNED"))
                type = type with { Unsigned = true };
            else if (Accept("SIGNED"))
                continue;
            else if (Accept("ZEROFILL"))
                type = type with { Zerofill = true, Unsigned = true };
            else if (Peek().IsWord("BINARY") && !Peek(1).IsSymbol("("))
            {
                Next();
                type = type with { BinaryCollation = true };
            }
            else if (Accept("ASCII"))
                type = type with { CharacterSet = "latin1" };
            else if (Accept("UNICODE"))
                type = type with { CharacterSet = "ucs2" };
            else if (Accept("BYTE"))
                type = type with { CharacterSet = "binary" };
            else if (TryParseCharset(out var charset))
                type = type with { CharacterSet = charset };
            else if (Accept("COLLATE"))
                type = type with { Collation = ParseCharsetName() };
            else
                return type;
        }
    }

    /// <summary>CHARACTER SET x | CHARSET x, with an optional '='.</summary>
    private bool TryParseCharset(out string charset)
    {
        charset = "";
        if (Peek().IsWord("CHARACTER") && Peek(1).IsWord("SET"))
            _pos += 2;
        else if (!Accept("CHARSET"))
            return false;
        AcceptSymbol("=");
        charset = ParseCharsetName();
        return true;
    }
}
