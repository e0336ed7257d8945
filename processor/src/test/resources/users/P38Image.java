package users;

import dev.flatgrad.annotations.Differentiable;

public class P38Image {
  /** 2-D convolution 3x3 with zero padding then total variation */
  @Differentiable
  public static double convTv(double[][] img, double[][] k) {
    int H = img.length, W = img[0].length;
    double[][] out = new double[H][W];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double acc = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy, xx = x + dx;
            if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
            acc += img[yy][xx] * k[dy + 1][dx + 1];
          }
        }
        out[y][x] = acc;
      }
    }
    double tv = 0;
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        if (x + 1 < W) tv += Math.sqrt(Math.pow(out[y][x + 1] - out[y][x], 2) + 1e-6);
        if (y + 1 < H) tv += Math.sqrt(Math.pow(out[y + 1][x] - out[y][x], 2) + 1e-6);
      }
    return tv;
  }

  public static void main(String[] args) {
    double[][] img = {{0.1, 0.5, 0.9, 0.2}, {0.4, 0.8, 0.3, 0.6}, {0.7, 0.2, 0.5, 0.1}};
    double[][] k = {{0.1, 0.2, 0.1}, {0.2, 0.4, 0.2}, {0.1, 0.2, -0.1}};
    P38ImageGrad.checkConvTv(img, k).assertPassed();
  }
}
