package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TorchReference}, what both backends are checked against, against torch itself: five
 * steps of torch.optim and torch.nn's losses in float64 on a linear model, recorded by
 * {@code src/test/resources/torch/make_optim_reference.py} with Debian's python3-torch 1.13.1.
 */
class TorchReferenceTest {

    static Stream<Arguments> cases() throws IOException {
        JsonNode root;
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream("/torch/optim_reference.json")) {
            root = new ObjectMapper().readTree(in);
        }
        double[] lrs = doubles(root.get("lrs"));
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            cases.add(Arguments.of(c.get("name").asText(), c, lrs));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fiveStepsMatchTorch(String name, JsonNode c, double[] lrs) {
        JsonNode o = c.get("optimizer");
        OptimizerSpec spec = new OptimizerSpec(OptimizerKind.byId(o.get("kind").asText()), o.get("momentum").asDouble(),
                o.get("dampening").asDouble(), o.get("nesterov").asBoolean(), o.get("weightDecay").asDouble(),
                o.get("beta1").asDouble(), o.get("beta2").asDouble(), o.get("eps").asDouble(), o.get("alpha").asDouble(),
                o.get("centered").asBoolean());
        JsonNode l = c.get("loss");
        LossSpec loss = new LossSpec(LossKind.byId(l.get("kind").asText()), l.get("labelSmoothing").asDouble(),
                l.get("huberDelta").asDouble());
        TorchReference reference = new TorchReference(spec, loss, c.get("inputs").asInt(), c.get("outputs").asInt(),
                doubles(c.get("start")));
        float[] x = floats(c.get("x"));
        float[] t = floats(c.get("t"));
        double[] expectedLosses = doubles(c.get("losses"));
        for (int i = 0; i < lrs.length; i++) {
            // torch ran on these float32 data's values in float64: only the order of sums differs.
            assertEquals(expectedLosses[i], reference.step(lrs[i], new float[][] {x}, new float[][] {t}), 1e-12,
                    "loss of step " + i);
        }
        double[] expected = doubles(c.get("params"));
        double[] actual = reference.params();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 + 1e-12 * Math.abs(expected[i]), "parameter " + i);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
