using QRCoder;

namespace SftpJail.Web.Infrastructure;

/// <summary>Renders text as a QR code PNG data URI, so the page needs no script and no extra request.</summary>
public static class QrCodeImage
{
    public static string ToDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
