package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The qualitative facts of the vanishing-gradient argument, as CI-sized runs of the commands: at T = 100 and
 * initialisation, with the default settings of {@code rnn4j gradflow}, the tanh RNN's ‖∂L/∂h_1‖ is orders of
 * magnitude below the LSTM's; and the LSTM solves the adding problem at T = 20 (test MSE < 0.01) within 40,000
 * training sequences.
 */
class VanishingGradientTest {
    @TempDir
    Path tmp;

    @Test
    void tanhGradientVanishesOrdersOfMagnitudeBelowTheLstmsAtT100() throws Exception {
        Path out = tmp.resolve("gradflow");
        Cli.Result r = Cli.ok("gradflow", "--cells", "rnn_tanh,lstm", "--steps", "100", "--output", out.toString(),
                "--threads", "1", "--json");
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        assertEquals(100, json.get("steps").asInt());
        double tanhFirst = profile(json, "rnn_tanh").get("grad_h_norm_first").asDouble();
        double lstmFirst = profile(json, "lstm").get("grad_h_norm_first").asDouble();
        double tanhLast = profile(json, "rnn_tanh").get("grad_h_norm_last").asDouble();
        // the loss's own gradient at h_T is of order 1 for both; 99 steps back the tanh RNN's is gone
        assertTrue(tanhLast > 0.1 && profile(json, "lstm").get("grad_h_norm_last").asDouble() > 0.1, r::toString);
        assertTrue(tanhFirst > 0 && lstmFirst > 0, r::toString);
        assertTrue(tanhFirst < 1e-3 * lstmFirst,
                () -> "tanh |dL/dh_1| " + tanhFirst + " is not orders of magnitude below the LSTM's " + lstmFirst);

        List<String> csv = Files.readAllLines(out.resolve("gradflow.csv"));
        assertEquals("cell,phase,t,grad_h_norm,grad_c_norm", csv.get(0));
        assertEquals(1 + 2 * 100, csv.size());
        assertTrue(csv.get(1).startsWith("rnn_tanh,init,1,"), csv.get(1));
        assertTrue(Files.size(out.resolve("gradflow.png")) > 1000);
        JsonNode full = new ObjectMapper().readTree(out.resolve("gradflow.json").toFile());
        assertEquals(100, full.get("profiles").get(1).get("grad_c_norm").size());
    }

    @Test
    void lstmSolvesTheAddingProblemAtT20() throws Exception {
        Cli.Result r = Cli.ok("task", "adding", "--steps", "20", "--cell", "lstm", "--hidden-size", "64",
                "--learning-rate", "1e-2", "--max-sequences", "40000", "--eval-every", "2000", "--threads", "1",
                "--json");
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        assertTrue(json.get("solved").asBoolean(), r::toString);
        assertTrue(json.get("test_loss").asDouble() < 0.01, r::toString);
        assertTrue(json.get("solved_after_sequences").asLong() <= 40000);
        assertEquals(1.0 / 6, json.get("baseline_loss").asDouble(), 1e-12);
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() {
        String[][] bad = {
                {"task", "adding", "--steps", "1"},
                {"task", "adding", "--cell", "transformer"},
                {"task", "copy", "--gap", "0"},
                {"task", "adding", "--optimizer", "lbfgs"},
                {"task", "mnist", "--data-dir", tmp.resolve("nowhere").toString()},
                {"task", "adding-table", "--cells", "rnn_tanh,foo"},
                {"gradflow", "--cells", "lstm", "--task", "copy"},
                {"gradflow", "--hidden-size", "0"},
        };
        for (String[] args : bad) {
            Cli.Result r = Cli.run(args);
            assertEquals(Main.USAGE_ERROR, r.exitCode(), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
            assertTrue(r.err().startsWith("rnn4j: "), r::toString);
        }
    }

    private static JsonNode profile(JsonNode json, String cell) {
        for (JsonNode p : json.get("profiles")) {
            if (p.get("cell").asText().equals(cell)) {
                return p;
            }
        }
        throw new AssertionError("no profile for " + cell + " in " + json);
    }
}
