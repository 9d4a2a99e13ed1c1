package io.github.reconnectingsocket.benchmarks.crowd;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws the crowd-spread histograms as one PNG: a panel per jitter mode, same axes for
 * all.
 */
final class Chart {

	private static final int WIDTH = 1200;

	private static final int PANEL = 200;

	private static final int LEFT = 70;

	private static final int RIGHT = 20;

	private static final int TOP = 50;

	private static final int GAP = 45;

	private static final Color[] COLORS = { new Color(0xC0392B), new Color(0x2471A3), new Color(0x229954),
			new Color(0x7D3C98) };

	private Chart() {
	}

	static void write(List<CrowdSpread.Run> runs, int rate, String strategy, Path file) throws IOException {
		// Headless: no display is needed to draw into an image.
		System.setProperty("java.awt.headless", "true");
		int n = runs.get(0).n();
		long xMaxMillis = 1000
				* (long) Math.ceil(runs.stream().mapToLong(CrowdSpread.Run::allBackMillis).max().orElse(1000) / 1000.0);
		int yMax = runs.stream().mapToInt(CrowdSpread.Run::peak).max().orElse(1);
		int limit = (int) Math.floor(n * 0.02);
		yMax = Math.max(yMax, limit) * 11 / 10 + 1;
		int height = TOP + runs.size() * (PANEL + GAP) + 10;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
			g.drawString(
					"Reconnect attempts per " + CrowdSpread.BIN_MILLIS + " ms after " + n + " sockets drop at once ("
							+ strategy + " 1 s..20 s; server accepts " + rate + "/s; simulated on a virtual clock)",
					LEFT, 25);
			int plotWidth = WIDTH - LEFT - RIGHT;
			for (int p = 0; p < runs.size(); p++) {
				CrowdSpread.Run run = runs.get(p);
				int top = TOP + p * (PANEL + GAP) + 15;
				int bottom = top + PANEL;
				g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
				g.setColor(Color.BLACK);
				g.drawString(String.format("%s: %d attempts, all back at %.2f s, peak %d (%.2f%% of n) at %.2f s",
						label(run.mode()), run.attempts(), run.allBackMillis() / 1000.0, run.peak(), run.peakPercent(),
						run.peakAtMillis() / 1000.0), LEFT, top - 5);
				// Each pixel column shows the fullest bin that falls in it, so that no
				// spike is hidden.
				g.setColor(COLORS[p % COLORS.length]);
				int[] bins = run.bins();
				for (int x = 0; x < plotWidth; x++) {
					int from = (int) ((long) x * xMaxMillis / plotWidth / CrowdSpread.BIN_MILLIS);
					int to = (int) ((long) (x + 1) * xMaxMillis / plotWidth / CrowdSpread.BIN_MILLIS);
					int max = 0;
					for (int b = from; b < Math.max(to, from + 1) && b < bins.length; b++) {
						max = Math.max(max, bins[b]);
					}
					int h = (int) Math.round((double) max * PANEL / yMax);
					if (h > 0) {
						g.drawLine(LEFT + x, bottom, LEFT + x, bottom - h);
					}
				}
				g.setColor(Color.DARK_GRAY);
				g.drawRect(LEFT, top, plotWidth, PANEL);
				int limitY = bottom - (int) Math.round((double) limit * PANEL / yMax);
				g.setStroke(
						new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 }, 0));
				g.setColor(Color.GRAY);
				g.drawLine(LEFT, limitY, LEFT + plotWidth, limitY);
				g.setStroke(new BasicStroke(1));
				g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
				g.drawString("2% = " + limit, LEFT + plotWidth - 60, limitY - 3);
				g.setColor(Color.BLACK);
				for (int y = 0; y <= 2; y++) {
					int value = yMax * y / 2;
					int py = bottom - (int) Math.round((double) value * PANEL / yMax);
					g.drawString(String.valueOf(value), LEFT - 35, py + 4);
				}
				long stepSeconds = Math.max(1, xMaxMillis / 1000 / 20);
				for (long s = 0; s * 1000 <= xMaxMillis; s += stepSeconds) {
					int px = LEFT + (int) (s * 1000 * plotWidth / xMaxMillis);
					g.drawLine(px, bottom, px, bottom + 4);
					g.drawString(s + " s", px - 8, bottom + 16);
				}
			}
		}
		finally {
			g.dispose();
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		if (!ImageIO.write(image, "png", file.toFile())) {
			throw new IOException("No PNG writer available");
		}
	}

	/** The mode, and whose default it is: the two defaults are what users get. */
	static String label(String mode) {
		return switch (mode) {
			case "proportional" -> "proportional (the core's default, the npm package's)";
			case "decorrelated" -> "decorrelated (the starter's default: fleet-safe)";
			default -> mode;
		};
	}

}
