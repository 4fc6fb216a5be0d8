package org.nsexplorer.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The colour tokens of both themes, read from the real stylesheet: every text colour meets
 * WCAG AA contrast (4.5:1) on the backgrounds it is drawn on, and host against container
 * (shared against private) stay far apart for viewers with protanopia, deuteranopia or
 * tritanopia, simulated with the matrices of Machado, Oliveira and Fernandes (2009).
 */
public class ThemeColoursTest {
    private static final double WCAG_AA = 4.5;
    /** CIE76 distance: about 2.3 is just noticeable; 40 is "another colour" from the back of a room. */
    private static final double FAR_APART = 40;
    private static final Map<String, double[][]> VISION = Map.of(
            "normal vision", new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
            "protanopia", new double[][] {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
                {-0.003882, -0.048116, 1.051998}},
            "deuteranopia", new double[][] {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
                {-0.011820, 0.042940, 0.968881}},
            "tritanopia", new double[][] {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
                {0.004733, 0.691367, 0.303900}});

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void everyTextColourIsReadableOnItsBackground(String theme) throws IOException {
        Map<String, String> c = tokens(theme);
        String page = c.get("page");
        String list = c.get("list");
        String[][] pairs = {
            {"-nsx-fg", "page"}, {"-nsx-fg", "-nsx-panel"}, {"-nsx-muted", "page"}, {"-nsx-muted", "-nsx-panel"},
            {"-nsx-host", "list"}, {"-nsx-container", "list"}, {"-nsx-host", "-nsx-panel"},
            {"-nsx-container", "-nsx-panel"}, {"-nsx-error", "page"}, {"-nsx-error", "-nsx-panel"},
            {"badge", "-nsx-shared"}, {"badge", "-nsx-private"}};
        for (String[] pair : pairs) {
            String text = c.get(pair[0]);
            String background = pair[1].equals("page") ? page : pair[1].equals("list") ? list : c.get(pair[1]);
            double ratio = contrast(text, background);
            assertTrue(ratio >= WCAG_AA, theme + ": " + pair[0] + " " + text + " on " + pair[1] + " " + background
                    + " has contrast " + String.format("%.2f", ratio) + ", under " + WCAG_AA);
        }
        assertTrue(contrast("#e6edf3", "#0d1117") >= WCAG_AA, "terminal text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void hostAndContainerStayApartForColourBlindViewers(String theme) throws IOException {
        Map<String, String> c = tokens(theme);
        for (Map.Entry<String, double[][]> vision : VISION.entrySet()) {
            for (String[] pair : new String[][] {{"-nsx-host", "-nsx-container"}, {"-nsx-shared", "-nsx-private"}}) {
                double distance = distance(c.get(pair[0]), c.get(pair[1]), vision.getValue());
                assertTrue(distance >= FAR_APART, theme + ", " + vision.getKey() + ": " + pair[0] + " and " + pair[1]
                        + " are only " + String.format("%.1f", distance) + " apart (CIE76)");
            }
        }
    }

    /** The -nsx-* tokens of THEME, plus "page", "list" and "badge" (the colours drawn under and on them). */
    private static Map<String, String> tokens(String theme) throws IOException {
        String css;
        try (InputStream in = ThemeColoursTest.class.getResourceAsStream("/org/nsexplorer/app/nsx.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> tokens = new HashMap<>(block(css, ".root"));
        tokens.put("page", "#ffffff"); // .root's white
        tokens.put("list", "#ffffff"); // modena's control-inner-background
        tokens.put("badge", "#ffffff");
        if (theme.equals("dark")) {
            Map<String, String> dark = block(css, ".root.dark");
            tokens.putAll(dark);
            tokens.put("page", dark.get("-fx-background-color"));
            tokens.put("list", dark.get("-fx-control-inner-background"));
        }
        return tokens;
    }

    private static Map<String, String> block(String css, String selector) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(selector) + "\\s*\\{([^}]*)}").matcher(css);
        assertTrue(m.find(), "no " + selector + " block in nsx.css");
        Map<String, String> colours = new HashMap<>();
        Matcher d = Pattern.compile("(-[\\w-]+)\\s*:\\s*(#[0-9a-fA-F]{6})\\s*;").matcher(m.group(1));
        while (d.find()) {
            colours.put(d.group(1), d.group(2));
        }
        return colours;
    }

    public static double contrast(String a, String b) {
        double la = luminance(linear(a));
        double lb = luminance(linear(b));
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double distance(String a, String b, double[][] vision) {
        double[] la = lab(simulate(linear(a), vision));
        double[] lb = lab(simulate(linear(b), vision));
        return Math.sqrt(Math.pow(la[0] - lb[0], 2) + Math.pow(la[1] - lb[1], 2) + Math.pow(la[2] - lb[2], 2));
    }

    private static double[] linear(String hex) {
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return rgb;
    }

    private static double luminance(double[] rgb) {
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    private static double[] simulate(double[] rgb, double[][] m) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Math.max(0, Math.min(1, m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2]));
        }
        return out;
    }

    /** Linear sRGB to CIELAB (D65). */
    private static double[] lab(double[] rgb) {
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
