using Tandem.Core.Errors;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>Checks that a password appears nowhere a user or a log could see it.</summary>
internal static class SecretAssert
{
    public static void NotIn(string password, Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            Assert.DoesNotContain(password, ex.Message, StringComparison.Ordinal);
            if (ex is TandemException tandem && tandem.Hint is not null)
            {
                Assert.DoesNotContain(password, tandem.Hint, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(password, exception.ToString(), StringComparison.Ordinal);
    }
}
