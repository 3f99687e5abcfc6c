/**
 * The analysis of learning-rate range tests: pure Java on commons-math, with no DJL and no
 * java.lang.foreign (a test guards this), so it runs on any curve from any source.
 *
 * <ul>
 *   <li>{@link dev.lrfinder.analysis.CurveAnalysis#analyze} reads one sweep: {@link
 *       dev.lrfinder.analysis.Smoothing}, then every {@link dev.lrfinder.analysis.Method}, each
 *       answering a {@link dev.lrfinder.analysis.Suggestion} with its reason;
 *       {@link dev.lrfinder.analysis.AnalysisOptions} chooses the smoothing, the rules and the default
 *       rule ({@link dev.lrfinder.analysis.AnalysisOptions#DEFAULT_METHOD}).</li>
 *   <li>{@link dev.lrfinder.analysis.Compat} reproduces fastai, PyTorch Lightning and torch-lr-finder
 *       from raw losses, quirks included, for users who compare numbers with those tools.</li>
 *   <li>{@link dev.lrfinder.analysis.RunAggregation#summarize} combines several sweeps of one task into
 *       statistics, a {@link dev.lrfinder.analysis.Recommendation} and a
 *       {@link dev.lrfinder.analysis.ConsensusCurve}.</li>
 *   <li>{@link dev.lrfinder.analysis.Derivatives} holds numpy-compatible gradients.</li>
 * </ul>
 */
package dev.lrfinder.analysis;
