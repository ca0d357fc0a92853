namespace Tandem.Core.Model;

public enum ChangeKind
{
    Insert,
    Update,
    Delete,
}
