package dev.lrfinder.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgDocumentTest {

    private static String svg(VectorGraphics2D g, int width, int height) {
        assertTrue(SvgDocument.writes(g.getCommands()), "every command is one SvgDocument writes");
        return new String(SvgDocument.of(g.getCommands(), width, height), StandardCharsets.UTF_8);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDocumentOfThePageSizeThatParsesAsXml() throws Exception {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.RED);
        g.fillRect(10, 20, 30, 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("a < b & \"c\"", 5, 6);
        Document doc = parse(svg(g, 300, 200));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("0 0 300 200", root.getAttribute("viewBox"));
        Element rect = (Element) doc.getElementsByTagName("rect").item(0);
        assertEquals("10", rect.getAttribute("x"));
        assertEquals("40", rect.getAttribute("height"));
        assertTrue(rect.getAttribute("style").contains("fill:rgb(255,0,0);"), rect.getAttribute("style"));
        Element text = (Element) doc.getElementsByTagName("text").item(0);
        assertEquals("a < b & \"c\"", text.getTextContent(), "text escaped, and read back as written");
        assertTrue(text.getAttribute("style").contains("font-size:15px;font-weight:bold;"), text.getAttribute("style"));
        assertTrue(text.getAttribute("style").contains("font-family:\""), "the family named, quoted");
    }

    @Test
    void aClipStaysWhereItWasSetWhenTheTransformMovesOn() throws Exception {
        VectorGraphics2D g = new VectorGraphics2D();
        g.translate(100, 50);
        g.setClip(0, 0, 20, 10); // device space: 100,50 20x10
        g.translate(5, 5);
        g.draw(new Line2D.Double(0, 0, 1, 1));
        Document doc = parse(svg(g, 300, 200));
        Element clipRect = (Element) doc.getElementsByTagName("clipPath").item(0).getFirstChild();
        assertEquals(List.of("100", "50", "20", "10"), List.of(clipRect.getAttribute("x"), clipRect.getAttribute("y"),
                clipRect.getAttribute("width"), clipRect.getAttribute("height")));
        Element line = (Element) doc.getElementsByTagName("line").item(0);
        assertEquals("translate(105 55)", line.getAttribute("transform"));
        assertEquals("url(#c1)", ((Element) line.getParentNode()).getAttribute("clip-path"));
    }

    @Test
    void aNestedGraphicsGivesItsStateBackWhenDisposed() throws Exception {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.BLUE);
        Graphics2D inner = (Graphics2D) g.create();
        inner.setColor(Color.GREEN);
        inner.translate(7, 0);
        inner.fillRect(0, 0, 1, 1);
        inner.dispose();
        g.fillRect(0, 0, 2, 2);
        Document doc = parse(svg(g, 10, 10));
        Element first = (Element) doc.getElementsByTagName("rect").item(0);
        Element second = (Element) doc.getElementsByTagName("rect").item(1);
        assertTrue(first.getAttribute("style").contains("rgb(0,255,0)") && first.getAttribute("transform").equals("translate(7 0)"));
        assertTrue(second.getAttribute("style").contains("rgb(0,0,255)"), second.getAttribute("style"));
        assertFalse(second.hasAttribute("transform"), "the outer graphics was never moved");
    }

    @Test
    void strokesOpacityAndWindingAsJava2dDrawsThem() throws Exception {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(new Color(10, 20, 30, 51));
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_BEVEL, 10, new float[] {4, 2}, 1));
        g.draw(new Line2D.Double(0, 0, 5, 5));
        Path2D.Double ring = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        ring.append(new java.awt.Rectangle(0, 0, 10, 10), false);
        ring.append(new java.awt.Rectangle(2, 2, 6, 6), false);
        g.fill(ring);
        Document doc = parse(svg(g, 10, 10));
        String stroke = ((Element) doc.getElementsByTagName("line").item(0)).getAttribute("style");
        for (String part : List.of("stroke:rgb(10,20,30);", "stroke-opacity:0.2;", "stroke-width:2.5;",
                "stroke-linecap:round;", "stroke-linejoin:bevel;", "stroke-dasharray:4,2;", "stroke-dashoffset:1;")) {
            assertTrue(stroke.contains(part), part + " in " + stroke);
        }
        String fill = ((Element) doc.getElementsByTagName("path").item(0)).getAttribute("style");
        assertTrue(fill.contains("fill-rule:evenodd;"), fill);
    }

    @Test
    void aRotationIsAMatrixWithoutRoundingNoise() throws Exception {
        VectorGraphics2D g = new VectorGraphics2D();
        g.rotate(-Math.PI / 2);
        g.drawString("loss", 0, 0);
        Element text = (Element) parse(svg(g, 10, 10)).getElementsByTagName("text").item(0);
        assertEquals("matrix(0 -1 1 0 0 0)", text.getAttribute("transform"));
    }

    @Test
    void numbersToAThousandthWithoutExponentsOrNegativeZero() {
        StringBuilder out = new StringBuilder();
        for (double v : new double[] {0, -0.0, -0.0004, 1e-7, 12.5, -3.14159, 123456.0005, 1e12, Double.NaN}) {
            SvgDocument.number(out, v);
            out.append(' ');
        }
        assertEquals("0 0 0 0 12.5 -3.142 123456.001 1000000000000 0 ", out.toString());
    }

    @Test
    void whatItDoesNotWriteItSaysSo() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setPaint(new GradientPaint(0, 0, Color.RED, 1, 1, Color.BLUE));
        g.fillRect(0, 0, 1, 1);
        assertFalse(SvgDocument.writes(g.getCommands()), "a gradient is left to VectorGraphics2D's processor");
    }
}
