namespace Vireo.Images;

/// <summary>An image is malformed or hostile (InvalidDataException is sealed, so this is an IOException); the message names the image and the fact.</summary>
public sealed class ImageFormatException : IOException
{
    public ImageFormatException(string path, string fact) : base($"{path}: {fact}")
    {
        ImagePath = path;
        Fact = fact;
    }

    /// <summary>The image file concerned.</summary>
    public string ImagePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Fact { get; }
}

/// <summary>The image format (or one of its features) is recognised but not supported.</summary>
public sealed class ImageNotSupportedException : NotSupportedException
{
    public ImageNotSupportedException(string path, string fact) : base($"{path}: {fact}") { ImagePath = path; }

    /// <summary>The image file concerned.</summary>
    public string ImagePath { get; }
}
