package dev.lrfinder.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFormatTest {
    @TempDir
    Path dir;

    @Test
    void theFormatComesFromTheName() {
        assertEquals(DataFormat.CSV, DataFormat.of(Path.of("a/b.CSV")));
        assertEquals(DataFormat.CSV, DataFormat.of(Path.of("b.csv.gz")));
        assertEquals(DataFormat.TSV, DataFormat.of(Path.of("b.tsv.gz")));
        assertEquals(DataFormat.TSV, DataFormat.of(Path.of("b.tab")));
        assertEquals(DataFormat.NPZ, DataFormat.of(Path.of("b.npz")));
        assertEquals(DataFormat.NPY, DataFormat.of(Path.of("X.npy")));
        assertEquals(DataFormat.IDX, DataFormat.of(Path.of("train-images-idx3-ubyte")));
        assertEquals(DataFormat.IDX, DataFormat.of(Path.of("t10k-images.idx3-ubyte.gz")));
        assertEquals(DataFormat.IMAGE_FOLDER, DataFormat.of(dir));
    }

    @Test
    void anUnknownExtensionListsTheFormats() {
        String m = assertThrows(IllegalArgumentException.class, () -> DataFormat.of(Path.of("data.xlsx"))).getMessage();
        assertTrue(m.startsWith("data = data.xlsx: must be a file of a known format (csv: .csv, .csv.gz; tsv: .tsv, .tab, .tsv.gz;"
                + " npz: .npz; npy: .npy (with a labels .npy); idx: "), m);
        assertTrue(m.endsWith("; images: a folder of class folders); name the format with data-format when the extension does not say it"), m);
        assertEquals("data-format = parquet: must be one of csv, tsv, npz, npy, idx, images",
                assertThrows(IllegalArgumentException.class, () -> DataFormat.byId("parquet")).getMessage());
    }

    @Test
    void openPicksTheSourceAndChecksTheLabelsFile() {
        Path csv = Fixtures.write(dir.resolve("data.txt"), "a,y\n1,p\n2,q\n");
        assertInstanceOf(CsvSource.class, Datasets.open(csv, null, DataFormat.byId("CSV")));
        assertEquals(2, Datasets.open(csv, null, DataFormat.CSV).read().samples(), "a forced format reads any name");
        assertInstanceOf(IdxSource.class, Datasets.open(Path.of("i-idx3-ubyte"), Path.of("l-idx1-ubyte"), null));
        assertInstanceOf(ImageFolderSource.class, Datasets.open(dir, null, null));
        assertEquals("labels = null: must be the labels file for npy data (X.npy)",
                assertThrows(IllegalArgumentException.class, () -> Datasets.open(Path.of("X.npy"), null, null)).getMessage());
        assertEquals("labels = y.npy: must be absent for npz data, which holds its labels itself",
                assertThrows(IllegalArgumentException.class, () -> Datasets.open(Path.of("d.npz"), Path.of("y.npy"), null)).getMessage());
        assertEquals("kind = ordinal: must be one of classification, regression",
                assertThrows(IllegalArgumentException.class, () -> DataKind.byId("ordinal")).getMessage());
    }
}
