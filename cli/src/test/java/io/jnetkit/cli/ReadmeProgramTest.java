package io.jnetkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library program compiles as printed (no warning either). */
class ReadmeProgramTest {
    @Test
    void theReadmesProgramCompiles(@TempDir Path dir) throws Exception {
        Path classes = ReadmeProgram.compile(dir);
        assertTrue(Files.exists(classes.resolve("PodPolicy.class")));
    }
}
