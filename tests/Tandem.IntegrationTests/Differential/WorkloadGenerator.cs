using System.Globalization;
using Tandem.MySql.Protocol.Values;
using static Tandem.IntegrationTests.Differential.DifferentialSchema;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// The seeded workload of the differential test: for each session an endless sequence of transactions over
/// <see cref="DifferentialSchema"/>, made only from the seed and the session number, never from what the server holds
/// (values a transaction must read, as in a swap, are read into session variables by its own statements). The same seed
/// therefore gives every session the same statements on every run; only their interleaving differs.
/// </summary>
/// <remarks>
/// Kinds are dealt from a shuffled deck (<see cref="Deck"/>), so every run of <see cref="DeckSize"/> transactions of a
/// session holds every kind, rare ones included, in an order the seed decides.
/// </remarks>
internal sealed class WorkloadGenerator(int seed)
{
    /// <summary>How many cards of each kind one deck holds.</summary>
    public static readonly IReadOnlyDictionary<OperationKind, int> Deck = new Dictionary<OperationKind, int>
    {
        [OperationKind.HotRowUpdates] = 8,
        [OperationKind.UniqueSwapThroughTemporary] = 4,
        [OperationKind.UniqueSwapThroughNull] = 3,
        [OperationKind.PrimaryKeySwap] = 3,
        [OperationKind.PrimaryKeyUpdate] = 4,
        [OperationKind.DeleteAndReinsert] = 5,
        [OperationKind.DeleteThenReinsertLater] = 3,
        [OperationKind.Respelling] = 6,
        [OperationKind.ReplaceAcrossKeys] = 4,
        [OperationKind.NullsInUniqueKeys] = 4,
        [OperationKind.CompositeKey] = 4,
        [OperationKind.ParentAndChild] = 5,
        [OperationKind.LargeTransaction] = 1,
        [OperationKind.OverQuarterOfBudget] = 1,
        [OperationKind.ExplicitRollback] = 2,
        [OperationKind.DuplicateKeyMidTransaction] = 3,
    };

    /// <summary>Cards in one deck. A kind that takes two transactions (a delete, then the reinsert) adds one more.</summary>
    public static int DeckSize { get; } = Deck.Values.Sum();

    /// <summary>The most transactions one deck deals: every card, plus the second transaction of the two-transaction kinds.</summary>
    public static int TransactionsPerDeck { get; } = DeckSize + Deck[OperationKind.DeleteThenReinsertLater];

    public int Seed { get; } = seed;

    /// <summary>Session <paramref name="session"/>'s transactions, without end; the same for the same seed and session.</summary>
    public IEnumerable<WorkloadTransaction> Session(int session)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(session);
        var random = new Random(unchecked((Seed * 1_000_003) ^ (session * 7_919) ^ 0x2545F491));
        var writer = new SessionWriter(session, random);
        var cards = Deck.SelectMany(static pair => Enumerable.Repeat(pair.Key, pair.Value)).ToArray();
        while (true)
        {
            random.Shuffle(cards);
            foreach (var kind in cards)
            {
                foreach (var transaction in writer.Write(kind))
                    yield return transaction;
            }
        }
    }

    /// <summary>Writes the statements of one kind for one session, drawing every choice from the session's random.</summary>
    private sealed class SessionWriter(int session, Random random)
    {
        private const int ShiftedBy = SeedAccounts + 50;

        public IEnumerable<WorkloadTransaction> Write(OperationKind kind) => kind switch
        {
            OperationKind.HotRowUpdates => [Commit(kind, HotRowUpdates())],
            OperationKind.UniqueSwapThroughTemporary => [Commit(kind, UniqueSwap(temporary: true), RefusalPolicy.RollBack)],
            OperationKind.UniqueSwapThroughNull => [Commit(kind, UniqueSwap(temporary: false), RefusalPolicy.RollBack)],
            OperationKind.PrimaryKeySwap => [Commit(kind, PrimaryKeySwap(), RefusalPolicy.RollBack)],
            OperationKind.PrimaryKeyUpdate => [Commit(kind, Many(1, 3, PrimaryKeyUpdate))],
            OperationKind.DeleteAndReinsert => [Commit(kind, DeleteAndReinsert())],
            OperationKind.DeleteThenReinsertLater => DeleteThenReinsertLater(),
            OperationKind.Respelling => [Commit(kind, Many(1, 4, Respelling))],
            OperationKind.ReplaceAcrossKeys => [Commit(kind, Many(1, 3, ReplaceAcrossKeys))],
            OperationKind.NullsInUniqueKeys => [Commit(kind, Many(2, 4, NullInUniqueKey))],
            OperationKind.CompositeKey => [Commit(kind, Many(2, 4, CompositeKeyChange))],
            OperationKind.ParentAndChild => [Commit(kind, ParentAndChild(), random.Next(2) == 0 ? RefusalPolicy.SkipStatement : RefusalPolicy.RollBack)],
            OperationKind.LargeTransaction => [Commit(kind, LargeTransaction())],
            OperationKind.OverQuarterOfBudget => [Commit(kind, OverQuarterOfBudget())],
            OperationKind.ExplicitRollback => [new WorkloadTransaction(kind, ExplicitRollback(), TransactionEnd.Rollback, RefusalPolicy.SkipStatement)],
            OperationKind.DuplicateKeyMidTransaction => [Commit(kind, DuplicateKeyMidTransaction())],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no statements for this kind"),
        };

        private static WorkloadTransaction Commit(OperationKind kind, IReadOnlyList<string> statements, RefusalPolicy onRefusal = RefusalPolicy.SkipStatement) =>
            new(kind, statements, TransactionEnd.Commit, onRefusal);

        private List<string> Many(int least, int most, Func<string> statement) =>
            [.. Enumerable.Range(0, random.Next(least, most + 1)).Select(_ => statement())];

        private List<string> HotRowUpdates()
        {
            var statements = new List<string>();
            for (var i = random.Next(2, 6); i > 0; i--)
            {
                statements.Add(random.Next(5) switch
                {
                    0 => Sql($"UPDATE cell SET v = v + 1 WHERE r = {random.Next(1, 7)}"),
                    1 => Sql($"UPDATE parent SET n = n + 1 WHERE id = {random.Next(1, SeedParents + 1)}"),
                    _ => Sql($"UPDATE acct SET balance = balance + {random.Next(-50, 51)} WHERE id = {HotAccount()}"),
                });
            }

            return statements;
        }

        /// <summary>Reads both values into session variables, parks the first row on a temporary value (or NULL), then crosses them.</summary>
        private List<string> UniqueSwap(bool temporary)
        {
            var temp = temporary ? Text($"swap:{session}") : "NULL";
            switch (random.Next(temporary ? 3 : 4))
            {
                case 0 or 1:
                {
                    var column = random.Next(2) == 0 ? "email" : "code";
                    var (a, b) = TwoHotAccounts();
                    return
                    [
                        "SET @a = NULL, @b = NULL",
                        Sql($"SELECT {column} INTO @a FROM acct WHERE id = {a} FOR UPDATE"),
                        Sql($"SELECT {column} INTO @b FROM acct WHERE id = {b} FOR UPDATE"),
                        Sql($"UPDATE acct SET {column} = {temp} WHERE id = {a}"),
                        Sql($"UPDATE acct SET {column} = @a WHERE id = {b}"),
                        Sql($"UPDATE acct SET {column} = @b WHERE id = {a}"),
                    ];
                }

                case 2:
                {
                    var table = random.Next(2) == 0 ? "gword" : "uword";
                    var a = Text(WordKey(table));
                    var b = Text(WordKey(table));
                    return
                    [
                        "SET @a = NULL, @b = NULL",
                        $"SELECT alt INTO @a FROM {table} WHERE w = {a} FOR UPDATE",
                        $"SELECT alt INTO @b FROM {table} WHERE w = {b} FOR UPDATE",
                        $"UPDATE {table} SET alt = {temp} WHERE w = {a}",
                        $"UPDATE {table} SET alt = @a WHERE w = {b}",
                        $"UPDATE {table} SET alt = @b WHERE w = {a}",
                    ];
                }

                default:
                {
                    // (x, y) of two cells, through (NULL, NULL).
                    var (ra, ca) = Cell();
                    var (rb, cb) = Cell();
                    return
                    [
                        "SET @ax = NULL, @ay = NULL, @bx = NULL, @by = NULL",
                        Sql($"SELECT x, y INTO @ax, @ay FROM cell WHERE r = {ra} AND c = {ca} FOR UPDATE"),
                        Sql($"SELECT x, y INTO @bx, @by FROM cell WHERE r = {rb} AND c = {cb} FOR UPDATE"),
                        Sql($"UPDATE cell SET x = NULL, y = NULL WHERE r = {ra} AND c = {ca}"),
                        Sql($"UPDATE cell SET x = @ax, y = @ay WHERE r = {rb} AND c = {cb}"),
                        Sql($"UPDATE cell SET x = @bx, y = @by WHERE r = {ra} AND c = {ca}"),
                    ];
                }
            }
        }

        private List<string> PrimaryKeySwap()
        {
            switch (random.Next(3))
            {
                case 0:
                {
                    var (a, b) = TwoHotAccounts();
                    var parked = -(session + 1);
                    return
                    [
                        Sql($"UPDATE acct SET id = {parked} WHERE id = {a}"),
                        Sql($"UPDATE acct SET id = {a} WHERE id = {b}"),
                        Sql($"UPDATE acct SET id = {b} WHERE id = {parked}"),
                    ];
                }

                case 1:
                {
                    var table = random.Next(2) == 0 ? "gword" : "uword";
                    var a = Text(WordKey(table));
                    var b = Text(WordKey(table));
                    var parked = Text($"parked:{session}");
                    return
                    [
                        $"UPDATE {table} SET w = {parked} WHERE w = {a}",
                        $"UPDATE {table} SET w = {a} WHERE w = {b}",
                        $"UPDATE {table} SET w = {b} WHERE w = {parked}",
                    ];
                }

                default:
                {
                    var (ra, ca) = Cell();
                    var (rb, cb) = Cell();
                    var parked = -(session + 1);
                    return
                    [
                        Sql($"UPDATE cell SET r = {parked} WHERE r = {ra} AND c = {ca}"),
                        Sql($"UPDATE cell SET r = {ra}, c = {ca} WHERE r = {rb} AND c = {cb}"),
                        Sql($"UPDATE cell SET r = {rb}, c = {cb} WHERE r = {parked} AND c = {ca}"),
                    ];
                }
            }
        }

        private string PrimaryKeyUpdate() => random.Next(5) switch
        {
            0 => Sql($"UPDATE acct SET id = {ChurnAccount()} WHERE id = {AnyAccount()}"),
            1 => RespellKey(random.Next(2) == 0 ? "gword" : "uword"),
            // Another class, or a seeded plain word: the key really moves.
            2 => random.Next(2) == 0
                ? $"UPDATE gword SET w = {Text(WordKey("gword"))} WHERE w = {Text(WordKey("gword"))}"
                : $"UPDATE uword SET w = {Text(WordKey("uword"))} WHERE w = {Text(WordKey("uword"))}",
            3 => ShiftHotAccounts(),
            _ => CellKeyUpdate(),
        };

        /// <summary>A range of hot accounts moves into the churn ids, or back: a multi-row primary key update.</summary>
        private string ShiftHotAccounts()
        {
            var first = HotAccount();
            return random.Next(2) == 0
                ? Sql($"UPDATE acct SET id = id + {ShiftedBy} WHERE id BETWEEN {first} AND {first + 2} ORDER BY id DESC")
                : Sql($"UPDATE acct SET id = id - {ShiftedBy} WHERE id BETWEEN {first + ShiftedBy} AND {first + ShiftedBy + 2} ORDER BY id");
        }

        private string CellKeyUpdate()
        {
            var (r, c) = Cell();
            var (r2, c2) = Cell();
            return Sql($"UPDATE cell SET r = {r2}, c = {c2} WHERE r = {r} AND c = {c}");
        }

        /// <summary>UPDATE of a text primary key to another spelling of the same value: the bytes change, the row does not.</summary>
        private string RespellKey(string table)
        {
            var (from, to) = Respelled(Classes(table));
            return $"UPDATE {table} SET w = {Text(to)} WHERE w = {Text(from)}";
        }

        private List<string> DeleteAndReinsert()
        {
            switch (random.Next(4))
            {
                case 0:
                {
                    var id = HotAccount();
                    return
                    [
                        Sql($"DELETE FROM acct WHERE id = {id}"),
                        Sql($"INSERT INTO acct (id, email, code, balance) VALUES ({id}, {EmailOrNull()}, {CodeOrNull()}, {random.Next(0, 2000)})"),
                    ];
                }

                case 1 or 2:
                {
                    var table = random.Next(2) == 0 ? "gword" : "uword";
                    var (from, to) = random.Next(3) == 0 ? Same(Classes(table)) : Respelled(Classes(table));
                    return
                    [
                        $"DELETE FROM {table} WHERE w = {Text(from)}",
                        Sql($"INSERT INTO {table} (w, alt, n) VALUES ({Text(to)}, {AltOrNull(table)}, {random.Next(100)})"),
                    ];
                }

                default:
                {
                    var r = random.Next(1, 7);
                    var (from, to) = Respelled(Respellings.GeneralCi);
                    return
                    [
                        Sql($"DELETE FROM cell WHERE r = {r} AND c = {Text(from)}"),
                        Sql($"INSERT INTO cell (r, c, x, y, v) VALUES ({r}, {Text(to)}, {IntOrNull(1, 6)}, {IntOrNull(1, 4)}, {random.Next(100)})"),
                    ];
                }
            }
        }

        private IEnumerable<WorkloadTransaction> DeleteThenReinsertLater()
        {
            var table = random.Next(2) == 0 ? "gword" : "uword";
            var (from, to) = Respelled(Classes(table));
            var n = random.Next(100);
            yield return Commit(OperationKind.DeleteThenReinsertLater, [$"DELETE FROM {table} WHERE w = {Text(from)}"]);
            yield return Commit(OperationKind.DeleteThenReinsertLater, [Sql($"INSERT INTO {table} (w, alt, n) VALUES ({Text(to)}, NULL, {n})")]);
        }

        private string Respelling()
        {
            switch (random.Next(6))
            {
                case 0:
                {
                    // An upsert that meets the row under another spelling rewrites the key's bytes.
                    var spelling = Spelling(Respellings.GeneralCi);
                    return $"INSERT INTO gword (w, alt, n) VALUES ({Text(spelling)}, NULL, 1) ON DUPLICATE KEY UPDATE w = VALUES(w), n = n + 1";
                }

                case 1:
                    return $"INSERT IGNORE INTO uword (w, alt, n) VALUES ({Text(Spelling(Respellings.UnicodeCi))}, {AltOrNull("uword")}, 1)";
                case 2:
                {
                    var (from, to) = Respelled(Respellings.GeneralCi);
                    return $"UPDATE acct SET email = {Text(Email(to))} WHERE email = {Text(Email(from))}";
                }

                case 3:
                    return Sql($"UPDATE acct SET code = {Text(Code(Spelling(Respellings.UnicodeCi)))} WHERE id = {HotAccount()}");
                case 4:
                    return Sql($"UPDATE parent SET name = {Text(ParentName(random.Next(3), Spelling(Respellings.GeneralCi)))} WHERE id = {random.Next(1, LastParent + 1)}");
                default:
                    return RespellKey(random.Next(2) == 0 ? "gword" : "uword");
            }
        }

        private string ReplaceAcrossKeys() => random.Next(4) switch
        {
            0 => Sql($"REPLACE INTO acct (id, email, code, balance) VALUES ({AnyAccount()}, {EmailOrNull()}, {CodeOrNull()}, {random.Next(2000)})"),
            1 => Sql($"REPLACE INTO {(random.Next(2) == 0 ? "gword" : "uword")} (w, alt, n) VALUES ({Text(Spelling(Respellings.GeneralCi))}, {Text(Spelling(Respellings.UnicodeCi))}, {random.Next(100)})"),
            2 => Sql($"REPLACE INTO cell (r, c, x, y, v) VALUES ({random.Next(1, 7)}, {Text(Spelling(Respellings.GeneralCi))}, {IntOrNull(1, 6)}, {IntOrNull(1, 4)}, {random.Next(100)})"),
            // Meets another row on the email and moves that row's email instead.
            _ => Sql($"INSERT INTO acct (id, email, code, balance) VALUES ({ChurnAccount()}, {EmailOrNull()}, NULL, 0) ON DUPLICATE KEY UPDATE email = VALUES(email), balance = balance + 1"),
        };

        private string NullInUniqueKey() => random.Next(7) switch
        {
            0 => Sql($"UPDATE acct SET email = NULL WHERE id = {HotAccount()}"),
            1 => Sql($"UPDATE acct SET code = NULL WHERE id = {HotAccount()}"),
            2 => Sql($"INSERT INTO acct (id, email, code, balance) VALUES ({ChurnAccount()}, NULL, NULL, 0)"),
            3 => CellXy(),
            4 => $"UPDATE {(random.Next(2) == 0 ? "gword" : "uword")} SET alt = NULL WHERE w = {Text(Spelling(Respellings.GeneralCi))}",
            5 => $"UPDATE gword SET alt = {AltOrNull("gword")} WHERE w = {Text(WordKey("gword"))}",
            _ => Sql($"UPDATE acct SET email = {EmailOrNull()}, code = {CodeOrNull()} WHERE id = {HotAccount()}"),
        };

        private string CellXy()
        {
            var (r, c) = Cell();
            return Sql($"UPDATE cell SET x = {IntOrNull(1, 6)}, y = {IntOrNull(1, 4)} WHERE r = {r} AND c = {c}");
        }

        private string CompositeKeyChange()
        {
            var (r, c) = Cell();
            return random.Next(5) switch
            {
                0 => Sql($"INSERT INTO cell (r, c, x, y, v) VALUES ({r}, {c}, {IntOrNull(1, 6)}, {IntOrNull(1, 4)}, 1) ON DUPLICATE KEY UPDATE v = v + 1, c = VALUES(c)"),
                1 => Sql($"DELETE FROM cell WHERE r = {r} AND c = {c}"),
                2 => Sql($"UPDATE cell SET r = r + 1 WHERE c = {c} AND r BETWEEN 1 AND 7 ORDER BY r DESC"),
                3 => CellXy(),
                _ => CellKeyUpdate(),
            };
        }

        private List<string> ParentAndChild()
        {
            var statements = new List<string>();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var parent = random.Next(1, LastParent + 3);
                var child = random.Next(1, LastChild + 1);
                switch (random.Next(7))
                {
                    case 0:
                        statements.Add(Sql($"INSERT INTO parent (id, name, n) VALUES ({random.Next(SeedParents + 1, LastParent + 1)}, {Text(ParentName(random.Next(3), Spelling(Respellings.GeneralCi)))}, 0)"));
                        break;
                    case 1:
                        statements.Add(Sql($"INSERT INTO child (id, parent_id, backup_parent, v) VALUES ({child}, {parent}, {IntOrNull(1, LastParent + 3)}, 0) ON DUPLICATE KEY UPDATE parent_id = VALUES(parent_id), v = v + 1"));
                        break;
                    case 2:
                        statements.Add(Sql($"UPDATE child SET parent_id = {parent}, backup_parent = {IntOrNull(1, LastParent + 3)} WHERE id = {child}"));
                        break;
                    case 3:
                        // Orphan the parent, then delete it: refused when another session gave it a child meanwhile.
                        statements.Add(Sql($"UPDATE child SET parent_id = NULL WHERE parent_id = {parent}"));
                        statements.Add(Sql($"UPDATE child SET backup_parent = NULL WHERE backup_parent = {parent}"));
                        statements.Add(Sql($"DELETE FROM parent WHERE id = {parent}"));
                        break;
                    case 4:
                        statements.Add(Sql($"DELETE FROM parent WHERE id = {parent}"));
                        break;
                    case 5:
                        statements.Add(Sql($"UPDATE parent SET id = {random.Next(1, LastParent + 1)} WHERE id = {parent}"));
                        break;
                    default:
                        statements.Add(Sql($"DELETE FROM child WHERE id = {child}"));
                        statements.Add(Sql($"INSERT INTO child (id, parent_id, backup_parent, v) VALUES ({child}, {IntOrNull(1, LastParent + 3)}, NULL, 1)"));
                        break;
                }
            }

            return statements;
        }

        /// <summary>Thousands of narrow rows, well under a quarter of the budget, with hot rows before and after them.</summary>
        private List<string> LargeTransaction()
        {
            var own = 1_000 + session;
            var rows = random.Next(2_000, 5_001);
            return
            [
                Sql($"UPDATE acct SET balance = balance + 1 WHERE id = {HotAccount()}"),
                random.Next(3) switch
                {
                    0 => Sql($"DELETE FROM ledger WHERE acct = {own} ORDER BY id LIMIT {rows}"),
                    1 => Sql($"UPDATE ledger SET amount = amount + 1 WHERE acct = {own} ORDER BY id LIMIT {rows}"),
                    _ => Sql($"INSERT INTO ledger (acct, amount, pad) SELECT {own}, seq, '' FROM seq_1_to_{rows}"),
                },
                Respelling(),
                Sql($"UPDATE acct SET balance = balance - 1 WHERE id = {HotAccount()}"),
            ];
        }

        /// <summary>
        /// Wide ledger rows: 2,500 to 5,000 updated (before and after images of about 200 bytes each, 1 to 2.5 MB) or as many
        /// inserted with 250-byte pads, over a quarter of a 2 MiB budget, with hot rows and a respelling in it.
        /// </summary>
        private List<string> OverQuarterOfBudget()
        {
            var rows = random.Next(2_500, 5_001);
            var first = random.Next(1, 30_000);
            var letter = (char)('A' + random.Next(26));
            return
            [
                Sql($"UPDATE acct SET balance = balance + 1 WHERE id = {HotAccount()}"),
                random.Next(2) == 0
                    ? Sql($"UPDATE ledger SET pad = REPEAT('{letter}', {random.Next(150, 251)}), amount = amount + 1 WHERE id BETWEEN {first} AND {first + rows - 1}")
                    : Sql($"INSERT INTO ledger (acct, amount, pad) SELECT {1_000 + session}, seq, REPEAT('{letter}', 250) FROM seq_1_to_{rows}"),
                Respelling(),
                Sql($"UPDATE acct SET balance = balance - 1 WHERE id = {HotAccount()}"),
            ];
        }

        private List<string> ExplicitRollback() =>
        [
            Sql($"UPDATE acct SET balance = balance + 1000000 WHERE id = {HotAccount()}"),
            Respelling(),
            Sql($"INSERT INTO ledger (acct, amount, pad) SELECT {1_000 + session}, -seq, 'rolled back' FROM seq_1_to_{random.Next(10, 2_000)}"),
            Sql($"DELETE FROM acct WHERE id = {HotAccount()}"),
        ];

        /// <summary>A multi-row insert that meets a hot account (the server undoes the whole statement), a respelled insert, and writes around them.</summary>
        private List<string> DuplicateKeyMidTransaction() =>
        [
            Sql($"UPDATE acct SET balance = balance + 7 WHERE id = {HotAccount()}"),
            Sql($"INSERT INTO acct (id, email, code, balance) VALUES ({ChurnAccount()}, NULL, NULL, 1), ({HotAccount()}, NULL, NULL, 1)"),
            random.Next(2) == 0
                ? $"INSERT INTO gword (w, alt, n) VALUES ({Text(Spelling(Respellings.GeneralCi))}, NULL, 0)"
                : $"INSERT INTO uword (w, alt, n) VALUES ({Text(Spelling(Respellings.UnicodeCi))}, NULL, 0)",
            Sql($"UPDATE acct SET balance = balance - 7 WHERE id = {HotAccount()}"),
        ];

        private int HotAccount() => random.Next(1, HotAccounts + 1);

        private (int A, int B) TwoHotAccounts()
        {
            var a = HotAccount();
            var b = HotAccount();
            return (a, b == a ? a % HotAccounts + 1 : b);
        }

        private int ChurnAccount() => random.Next(SeedAccounts + 1, LastChurnAccount + 1);

        private int AnyAccount() => random.Next(10) switch
        {
            < 7 => HotAccount(),
            < 9 => random.Next(HotAccounts + 1, SeedAccounts + 1),
            _ => ChurnAccount(),
        };

        private (int R, string C) Cell() =>
            random.Next(3) == 0
                ? (random.Next(1, CellRows + 1), Text(string.Create(CultureInfo.InvariantCulture, $"c{random.Next(20)}")))
                : (random.Next(1, 7), Text(Spelling(Respellings.GeneralCi)));

        private string WordKey(string table) =>
            random.Next(3) == 0 ? string.Create(CultureInfo.InvariantCulture, $"w{random.Next(1, SeedWords + 1)}") : Spelling(Classes(table));

        private static string[][] Classes(string table) => table == "gword" ? Respellings.GeneralCi : Respellings.UnicodeCi;

        private string Spelling(string[][] classes)
        {
            var spellings = classes[random.Next(classes.Length)];
            return spellings[random.Next(spellings.Length)];
        }

        private (string From, string To) Respelled(string[][] classes)
        {
            var spellings = classes[random.Next(classes.Length)];
            var from = random.Next(spellings.Length);
            return (spellings[from], spellings[(from + random.Next(1, spellings.Length)) % spellings.Length]);
        }

        private (string From, string To) Same(string[][] classes)
        {
            var spelling = Spelling(classes);
            return (spelling, spelling);
        }

        private string EmailOrNull() => random.Next(4) == 0 ? "NULL" : Text(Email(Spelling(Respellings.GeneralCi)));

        private string CodeOrNull() => random.Next(4) == 0 ? "NULL" : Text(Code(Spelling(Respellings.UnicodeCi)));

        /// <summary>A value for a word table's alt column, in that column's collation (gword's is unicode_ci, uword's general_ci).</summary>
        private string AltOrNull(string table) =>
            random.Next(3) == 0 ? "NULL" : Text(Spelling(table == "gword" ? Respellings.UnicodeCi : Respellings.GeneralCi));

        private string IntOrNull(int least, int bound) =>
            random.Next(3) == 0 ? "NULL" : random.Next(least, bound).ToString(CultureInfo.InvariantCulture);

        private static string Text(string value) => SqlLiteral.Quote(value);

        private static string Sql(FormattableString statement) => statement.ToString(CultureInfo.InvariantCulture);
    }
}
