package dev.flatgrad.examples.train;

import dev.flatgrad.examples.data.Spiral;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures of the spiral training, drawn with XChart and written as PNG. */
public final class Plots {
  private static final Color[] STRONG = {
    new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
    new Color(0xFF7F0E)
  };
  private static final int GRID = 120;
  private static final double EXTENT = 1.15;

  private Plots() {}

  /** The loss of each run against the epoch (one full-batch step), in one chart. */
  public static void lossCurves(Path file, List<SpiralTraining.Result> results)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(420)
        .title("Spiral: training loss (full batch)").xAxisTitle("epoch").yAxisTitle("loss").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(
        (double) results.stream().mapToInt(r -> r.losses().length).max().orElse(1));
    chart.getStyler().setYAxisMin(0.0);
    int k = 0;
    for (SpiralTraining.Result r : results) {
      double[] steps = new double[r.losses().length];
      for (int i = 0; i < steps.length; i++) {
        // Each step's loss in the middle of its epoch. (With whole numbers only, XChart spaces
        // the ticks by the number of points, at 23, 46, ...)
        steps[i] = i + 0.5;
      }
      XYSeries s = chart.addSeries(r.name(), steps, r.losses());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(STRONG[k++ % STRONG.length]);
    }
    write(file, BitmapEncoder.getBufferedImage(chart));
  }

  /** The decision regions of each model over the data, side by side. */
  public static void decisionRegions(Path file, Spiral.Dataset data,
      List<SpiralTraining.Result> results) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (SpiralTraining.Result r : results) {
      images.add(BitmapEncoder.getBufferedImage(regions(data, r)));
    }
    int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
    int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
    BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int x = 0;
    for (BufferedImage image : images) {
      g.drawImage(image, x, 0, null);
      x += image.getWidth();
    }
    g.dispose();
    write(file, all);
  }

  private static XYChart regions(Spiral.Dataset data, SpiralTraining.Result r) {
    XYChart chart = new XYChartBuilder().width(480).height(500)
        .title(String.format(Locale.ROOT, "%s: %.1f%% train accuracy", r.name(),
            100 * r.accuracy()))
        .build();
    XYStyler s = chart.getStyler();
    s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setLegendVisible(false);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotGridLinesVisible(false);
    s.setMarkerSize(5);
    s.setXAxisMin(-EXTENT).setXAxisMax(EXTENT);
    s.setYAxisMin(-EXTENT).setYAxisMax(EXTENT);
    // The plane on a grid, each cell coloured by the predicted class.
    double[][] grid = new double[GRID * GRID][2];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        grid[i * GRID + j][0] = -EXTENT + 2 * EXTENT * (j + 0.5) / GRID;
        grid[i * GRID + j][1] = -EXTENT + 2 * EXTENT * (i + 0.5) / GRID;
      }
    }
    int[] predicted = r.classifier().predict(grid);
    for (int c = 0; c < data.classes(); c++) {
      addPoints(chart, "region " + c, grid, predicted, c, pale(STRONG[c % STRONG.length]),
          SeriesMarkers.SQUARE);
    }
    for (int c = 0; c < data.classes(); c++) {
      addPoints(chart, "class " + c, data.X(), data.y(), c, STRONG[c % STRONG.length],
          SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  private static void addPoints(XYChart chart, String name, double[][] points, int[] labels,
      int c, Color color, Marker marker) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < points.length; i++) {
      if (labels[i] == c) {
        xs.add(points[i][0]);
        ys.add(points[i][1]);
      }
    }
    if (xs.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setMarker(marker);
    s.setMarkerColor(color);
  }

  private static Color pale(Color c) {
    return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4,
        (c.getBlue() + 3 * 255) / 4);
  }

  private static void write(Path file, BufferedImage image) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + file);
    }
  }
}
