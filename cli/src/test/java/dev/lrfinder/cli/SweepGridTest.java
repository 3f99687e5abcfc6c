package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid's cells run anywhere: files are passed on as absolute paths, the labels stay as given. */
class SweepGridTest {
    @Test
    void filesReachTheCellsAsAbsolutePathsAndTheFolderNamesKeepTheGivenNames() {
        SweepGrid grid = SweepGrid.of(null, List.of("--data", "a.csv,sub/b.csv", "--runs", "2"));
        List<SweepCell> cells = grid.cells();
        assertEquals(List.of("--runs", "2"), grid.fixed());
        assertEquals(List.of("data-a.csv", "data-sub-b.csv"), cells.stream().map(SweepCell::folder).toList());
        assertEquals("sub/b.csv", cells.get(1).axes().get("data"));
        assertEquals(List.of("--runs", "2", "--data", Path.of("sub/b.csv").toAbsolutePath().toString()), cells.get(1).args());
    }

    /** A switch that is on by default is an axis too: its false cells pass the --no- form, so they differ from the true ones. */
    @Test
    void aDefaultOnSwitchTurnsOffInItsFalseCells() {
        SweepGrid grid = SweepGrid.of(null, List.of("--cycle-momentum=true,false", "--nesterov=true,false"));
        List<List<String>> args = grid.cells().stream().map(SweepCell::args).toList();
        assertEquals(List.of(List.of("--cycle-momentum", "--nesterov"), List.of("--cycle-momentum"),
                List.of("--no-cycle-momentum", "--nesterov"), List.of("--no-cycle-momentum")), args);
    }
}
