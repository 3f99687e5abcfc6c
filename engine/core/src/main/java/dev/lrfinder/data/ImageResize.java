package dev.lrfinder.data;

/**
 * torchvision's {@code Resize(size)} then {@code CenterCrop(size)} on float planes: the shorter
 * side scaled to {@code size} with an antialiased bilinear (triangle) filter, as PIL and
 * torchvision's {@code antialias=True} resample, then the centre {@code size x size} kept. Only
 * the kept pixels are computed.
 */
final class ImageResize {
    private ImageResize() {}

    /**
     * {@code planes} ({@code channels x height x width}) resized and cropped to {@code channels x
     * size x size}; the same array when it already is that size.
     */
    static float[] shorterSideAndCentreCrop(float[] planes, int channels, int height, int width, int size) {
        if (height == size && width == size) {
            return planes;
        }
        // torchvision: the shorter side becomes size, the longer int(size * long / short)
        int outHeight = height <= width ? size : (int) ((long) size * height / width);
        int outWidth = width <= height ? size : (int) ((long) size * width / height);
        int top = (int) Math.rint((outHeight - size) / 2.0);
        int left = (int) Math.rint((outWidth - size) / 2.0);
        Filter across = new Filter(width, outWidth, left, size);
        Filter down = new Filter(height, outHeight, top, size);
        float[] rows = new float[height * size];
        float[] out = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int k = 0; k < across.count[x]; k++) {
                        sum += across.weights[x][k] * planes[plane + y * width + across.first[x] + k];
                    }
                    rows[y * size + x] = (float) sum;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int k = 0; k < down.count[y]; k++) {
                        sum += down.weights[y][k] * rows[(down.first[y] + k) * size + x];
                    }
                    out[c * size * size + y * size + x] = (float) sum;
                }
            }
        }
        return out;
    }

    /**
     * One axis's weights, as PIL computes them: output pixel {@code j} of the resized axis
     * centres at {@code (j + 0.5) * in / out} and averages the input pixels under a triangle
     * widened by the downscale factor, so that shrinking averages rather than skips.
     */
    private static final class Filter {
        final int[] first;
        final int[] count;
        final double[][] weights;

        Filter(int in, int out, int from, int size) {
            double ratio = (double) in / out;
            double scale = Math.max(ratio, 1);
            double support = scale;
            first = new int[size];
            count = new int[size];
            weights = new double[size][];
            for (int i = 0; i < size; i++) {
                double centre = (from + i + 0.5) * ratio;
                int lo = Math.max(0, (int) (centre - support + 0.5));
                int hi = Math.min(in, (int) (centre + support + 0.5));
                double[] w = new double[hi - lo];
                double total = 0;
                for (int k = lo; k < hi; k++) {
                    double t = Math.abs((k - centre + 0.5) / scale);
                    w[k - lo] = t < 1 ? 1 - t : 0;
                    total += w[k - lo];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] = total > 0 ? w[k] / total : 1.0 / w.length;
                }
                first[i] = lo;
                count[i] = w.length;
                weights[i] = w;
            }
        }
    }
}
