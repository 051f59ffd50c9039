namespace Dataflow.Installer.Standards;

/// <summary>The comparison operators of PEP 440 "Version specifiers".</summary>
public enum VersionOperator
{
    Compatible,
    Equal,
    NotEqual,
    LessThanOrEqual,
    GreaterThanOrEqual,
    LessThan,
    GreaterThan,
    ArbitraryEqual,
}
