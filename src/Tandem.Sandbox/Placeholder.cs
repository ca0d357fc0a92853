namespace Tandem.Sandbox;

internal static class Placeholder
{
}
