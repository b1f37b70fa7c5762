package io.msistream.tools.upload;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV layer of the registry files (spec §5.5): {@code ;} between cells, a cell quoted with
 * {@code "} (inner quotes doubled) only when it holds {@code ;}, {@code "} or a line break, lines
 * joined by {@code \n} without a trailing one, a header line of column names, and on Windows a
 * first line {@code sep=;}.
 */
final class RegistryCsv {
  static final char SEP = ';';
  /** Written first on Windows, as upstream does for Excel; skipped when reading anywhere. */
  static final String EXCEL_SEP_LINE = "sep=;";

  private RegistryCsv() {}

  static boolean writeExcelSepLine() {
    return File.separatorChar == '\\';
  }

  /** One line from cells. */
  static String join(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < cells.size(); k++) {
      String c = cells.get(k);
      if (k > 0) {
        b.append(SEP);
      }
      if (c.indexOf(SEP) >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The cells of one line. */
  static List<String> split(String line) throws RegistryFormatException {
    List<String> cells = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      StringBuilder cell = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new RegistryFormatException("unterminated quoted cell");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cell.append(c);
          }
        }
        if (i < n && line.charAt(i) != SEP) {
          throw new RegistryFormatException("text after a quoted cell");
        }
      } else {
        int j = line.indexOf(SEP, i);
        if (j < 0) {
          j = n;
        }
        cell.append(line, i, j);
        i = j;
      }
      cells.add(cell.toString());
      if (i >= n) {
        return cells;
      }
      i++; // the separator
    }
  }

  /** Column name → index, from a header line. */
  static Map<String, Integer> header(String line, List<String> required, String file)
      throws RegistryFormatException {
    Map<String, Integer> idx = new HashMap<>();
    List<String> cells = split(line);
    for (int k = 0; k < cells.size(); k++) {
      idx.putIfAbsent(cells.get(k).strip(), k);
    }
    for (String r : required) {
      if (!idx.containsKey(r)) {
        throw new RegistryFormatException(file + ": header has no column '" + r + "'");
      }
    }
    return idx;
  }
}
