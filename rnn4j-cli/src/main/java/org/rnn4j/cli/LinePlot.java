package org.rnn4j.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Draws line charts as PNG pictures: loss curves (nats per character against updates), gradient norms by step. */
final class LinePlot {
    private LinePlot() {
    }

    /** A named series of (x, y) points. */
    record Series(String name, List<double[]> points, boolean markers) {
    }

    static void write(Path png, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        write(png, title, xLabel, yLabel, series, false);
    }

    /** With {@code logY}, the y axis is logarithmic and points with y ≤ 0 (or not finite) are left out. */
    static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logY)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(6);
        boolean any = false;
        for (Series s : series) {
            List<double[]> points = logY
                    ? s.points().stream().filter(p -> p[1] > 0 && Double.isFinite(p[1])).toList() : s.points();
            if (points.isEmpty()) {
                continue;
            }
            double[] x = new double[points.size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            XYSeries added = chart.addSeries(s.name(), x, y);
            added.setMarker(s.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            return;
        }
        Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp.png");
        try {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            AtomicText.deleteQuietly(tmp);
            throw e;
        }
    }
}
