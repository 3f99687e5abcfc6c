package dev.lrfinder.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curve files as spreadsheets, pandas and Python's json write them, and the limits of what is read. */
class CurveFilesTest {
    @TempDir
    Path dir;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path withBom(String name, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, bytes, 0, BOM.length);
        System.arraycopy(body, 0, bytes, BOM.length, body.length);
        return Files.write(dir.resolve(name), bytes);
    }

    private static RecordedCurve only(Path file) {
        List<RecordedCurve> curves = CurveFiles.read(file);
        assertEquals(1, curves.size());
        return curves.get(0);
    }

    private String messageOf(Path file) {
        return assertThrows(CurveFileException.class, () -> CurveFiles.read(file)).getMessage();
    }

    @Test
    void aByteOrderMarkIsSkippedInCsvAndJson() throws IOException {
        RecordedCurve csv = only(withBom("excel.csv", "lr,loss\r\n0.001,2.5\r\n0.01,2.0\r\n"));
        assertArrayEquals(new double[] {0.001, 0.01}, csv.lrs());
        RecordedCurve json = only(withBom("dump.json", "{\"lr\": [0.001, 0.01], \"loss\": [2.5, NaN]}"));
        assertArrayEquals(new double[] {0.001, 0.01}, json.lrs());
        assertTrue(Double.isNaN(json.losses()[1]));
    }

    @Test
    void quotedFieldsCrlfEmptyLinesAndExtraColumnsAreCsvAsSpreadsheetsWriteIt() throws IOException {
        RecordedCurve curve = only(file("sheet.csv", "\r\n\"note, with comma\",\"LR\",Loss,step\r\n"
                + "\"a, b\",\"0.001\",2.5,0\r\n\r\n   \r\n\"say \"\"hi\"\"\",0.01,,1\r\n"));
        assertArrayEquals(new double[] {0.001, 0.01}, curve.lrs());
        assertEquals(2.5, curve.losses()[0]);
        assertTrue(Double.isNaN(curve.losses()[1]), "an empty loss is NaN, as pandas writes it");
    }

    @Test
    void semicolonsAreTheSeparatorWhenTheHeaderUsesThemAndCommasThenAreDecimalMarks() throws IOException {
        RecordedCurve curve = only(file("german.csv", "lr;loss\n0,001;2,5\n1e-2;2.25\n"));
        assertArrayEquals(new double[] {0.001, 0.01}, curve.lrs());
        assertArrayEquals(new double[] {2.5, 2.25}, curve.losses());
    }

    @Test
    void aRunColumnSplitsRuns() throws IOException {
        List<RecordedCurve> curves = CurveFiles.read(file("curves.csv",
                "run,step,lr,loss\n1,0,0.001,2\n1,1,0.01,1\n2,0,0.001,3\n2,1,0.01,2\n"));
        assertEquals(List.of(dir.resolve("curves.csv") + " run 1", dir.resolve("curves.csv") + " run 2"),
                curves.stream().map(RecordedCurve::source).toList());
    }

    @Test
    void aCutShortLastLineOrAnOpenQuoteNamesTheLine() throws IOException {
        Path cut = file("cut.csv", "lr,step,loss\n0.001,0,2.5\n0.01");
        assertEquals(cut + " line 3: 1 field, the header has 3 (the last line is cut short)", messageOf(cut));
        Path open = file("open.csv", "lr,loss\n0.001,2.5\n\"0.01,2\n");
        assertTrue(messageOf(open).startsWith(open + " line "), messageOf(open));
        assertTrue(messageOf(open).contains("not valid CSV (Missing closing quote"), messageOf(open));
        Path half = file("half.csv", "lr,loss\n0.001,2.5\n0.01,2.\"");
        assertEquals(1, messageOf(half).lines().count(), messageOf(half));
    }

    @Test
    void jsonPastTheParsersLimitsIsOneLineNamingTheFile() throws IOException {
        Path deep = file("deep.json", "[".repeat(1001) + "]".repeat(1001));
        assertEquals(deep + ": not a curve file (Document nesting depth (1001) exceeds the maximum allowed (1000))",
                messageOf(deep));
        Path digits = file("digits.json", "{\"lr\": [1" + "0".repeat(1000) + "], \"loss\": [1]}");
        assertEquals(digits + ": not a curve file (Number value length (1001) exceeds the maximum allowed (1000))",
                messageOf(digits));
        Path nested = file("nested.json", "{\"lr\": [[[1]]], \"loss\": [1]}");
        assertEquals(nested + ": lr[0] = [[1]]: not a number", messageOf(nested));
    }

    @Test
    void contentAfterTheDocumentIsRefusedNotIgnored() throws IOException {
        String curve = "{\"lr\": [0.001, 0.01], \"loss\": [2, 1]}";
        for (String after : List.of(" xyz", "\n" + curve, "[]", " 7")) {
            Path file = file("two.json", curve + after);
            assertTrue(messageOf(file).startsWith(file + " line "), messageOf(file));
            assertTrue(messageOf(file).endsWith(": more after the JSON document ends; a curve file holds one document"),
                    messageOf(file));
        }
        assertEquals(2, only(file("spaces.json", curve + "\n\n  \n")).size(), "white space after it is fine");
    }

    @Test
    void utf16AndBinaryAreNamedAsSuch() throws IOException {
        Path utf16 = Files.write(dir.resolve("unicode.csv"), ("\uFEFFlr,loss\n").getBytes(StandardCharsets.UTF_16LE));
        assertEquals(utf16 + ": is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheets)", messageOf(utf16));
        Path binary = Files.write(dir.resolve("image.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xC3});
        assertEquals(binary + ": is not text (not UTF-8); expected CSV or JSON", messageOf(binary));
    }
}
