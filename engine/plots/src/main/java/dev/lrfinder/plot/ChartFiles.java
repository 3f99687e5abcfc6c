package dev.lrfinder.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** A picture as the bytes of a PNG or an SVG file, for every plot lrfinder writes. */
final class ChartFiles {
    private ChartFiles() {}

    static byte[] png(BufferedImage image) {
        // Through a memory-cached stream: ImageIO's default caches to a temporary file (made with a
        // SecureRandom name) for every image it writes.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IllegalStateException("no PNG writer in this JDK's ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] svg(PanelStack stack, SvgText svgText) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            svgText.write(stack, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
