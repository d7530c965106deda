namespace Vireo.Web.Api;

/// <summary>Bad input in a form: shown next to the field, nothing was changed.</summary>
public sealed class WebInputException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
