namespace LongDoc.Documents.Readers.Ocr;

/// <summary>OCR cannot run at all (a tool or language pack is missing); the message says what to install.</summary>
sealed class OcrUnavailableException(string message) : Exception(message);
