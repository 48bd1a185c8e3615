package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.charlm.ModelFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's "hello" example through the command: vocabulary h, e, l, o; from "h" the model must spell
 * "hello" exactly, and predict every character of the file almost surely.
 */
class HelloExampleTest {
    @TempDir
    Path tmp;

    @Test
    void learnsHelloExactly() throws Exception {
        Path data = tmp.resolve("hello.txt");
        Files.write(data, "hello".getBytes(StandardCharsets.UTF_8));   // no newline
        Path run = tmp.resolve("run");
        Cli.ok("train", "--data", data.toString(), "--checkpoint-dir", run.toString(), "--batch-size", "1",
                "--seq-length", "4", "--val-frac", "0", "--steps", "300", "--hidden-size", "16", "--layers", "1",
                "--embedding-size", "8", "--sample-every", "0");
        assertEquals(List.of("e", "h", "l", "o"),
                ModelFile.load(run.resolve("model.safetensors")).vocabulary().asStrings());

        Cli.Result sample = Cli.ok("sample", "--checkpoint", run.toString(), "--prime", "h", "--argmax",
                "--length", "4");
        assertEquals("hello" + System.lineSeparator(), sample.out(), sample::toString);

        Cli.Result eval = Cli.ok("eval", "--checkpoint", run.resolve("model.safetensors").toString(),
                "--data", data.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(eval.lastLine());
        assertEquals(5, json.get("characters").asInt());
        assertEquals(4, json.get("predictions").asInt());
        double loss = json.get("loss_nats").asDouble();
        assertTrue(loss >= 0 && loss < 0.1, "loss on 'hello' should be close to 0 nats/char, is " + loss);
    }
}
