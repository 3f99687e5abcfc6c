package dev.lrfinder.cli;

/** {@code find --model FILE.pt --backend djl}: DJL's PyTorch engine loads the file. */
class ScriptFindCommandTest extends ScriptModelCases {
    ScriptFindCommandTest() {
        super("djl");
    }
}
