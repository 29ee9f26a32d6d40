/* 24x24 double matrix multiply (C = A*B), naive i-j-k order. */
#include <stdio.h>
#define N 24
static double A[N][N], B[N][N], C[N][N];
int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (double)(i * N + j) * 0.5;
            B[i][j] = (double)((i + 3 * j) % 17) - 8.0;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    double tr = 0.0;
    for (int i = 0; i < N; i++) tr += C[i][i];
    printf("trace %.3f\n", tr);
    return 0;
}
