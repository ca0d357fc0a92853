namespace Tandem.IntegrationTests;

internal static class Placeholder
{
}
