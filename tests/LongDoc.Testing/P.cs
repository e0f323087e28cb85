namespace LongDoc.Testing; public static class Placeholder {}
