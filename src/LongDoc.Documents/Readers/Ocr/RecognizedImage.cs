namespace LongDoc.Documents.Readers.Ocr;

/// <summary>A document page recognised from an image of <see cref="Dpi"/> dots per inch.</summary>
sealed record RecognizedImage(int Number, OcrImagePage Page, int Dpi);
