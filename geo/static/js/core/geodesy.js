/*
 * Geodesy on the WGS84 ellipsoid, for the measuring tools.
 *
 *  - distances use Vincenty's inverse formula (sub-millimetre for this
 *    purpose); for nearly antipodal points where the iteration does not
 *    converge it falls back to the haversine formula on a sphere of radius
 *    R = 6371.0088 km (IUGG mean radius);
 *  - areas: each vertex's latitude is mapped to its authalic latitude (an
 *    equal-area map onto the sphere of the ellipsoid's surface area,
 *    R_q = 6371.0072 km), then the spherical excess of the polygon is taken
 *    on that sphere (edges are great-circle arcs there; within about 1e-6 of
 *    the geodesic polygon's area at this scale).
 *
 * Points are {lat, lng} in degrees (an L.LatLng will do).
 * tests/js/geodesy.test.mjs checks both against pyproj's numbers.
 */
L.Syunik.Geodesy = (function () {
  var RAD = Math.PI / 180;
  var EARTH_RADIUS_KM = 6371.0088;
  // WGS84 ellipsoid: semi-major axis (km), flattening, squared eccentricity.
  var WGS84_A_KM = 6378.137;
  var WGS84_F = 1 / 298.257223563;
  var WGS84_E2 = WGS84_F * (2 - WGS84_F);
  var WGS84_E = Math.sqrt(WGS84_E2);

  function wrapPi(angle) {
    while (angle > Math.PI) { angle -= 2 * Math.PI; }
    while (angle < -Math.PI) { angle += 2 * Math.PI; }
    return angle;
  }

  function haversineKm(p1, p2) {
    var phi1 = p1.lat * RAD;
    var phi2 = p2.lat * RAD;
    var dPhi = phi2 - phi1;
    var dLambda = wrapPi((p2.lng - p1.lng) * RAD);
    var h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2) +
      Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // Vincenty (1975) inverse problem on the WGS84 ellipsoid, in km.
  function geodesicKm(p1, p2) {
    var a = 6378137.0;
    var f = WGS84_F;
    var b = a * (1 - f);
    var lambdaL = wrapPi((p2.lng - p1.lng) * RAD);
    var u1 = Math.atan((1 - f) * Math.tan(p1.lat * RAD));
    var u2 = Math.atan((1 - f) * Math.tan(p2.lat * RAD));
    var sinU1 = Math.sin(u1), cosU1 = Math.cos(u1);
    var sinU2 = Math.sin(u2), cosU2 = Math.cos(u2);

    var lambda = lambdaL;
    var sinSigma = 0, cosSigma = 1, sigma = 0, cosSqAlpha = 1, cos2SigmaM = 0;
    var converged = false;
    for (var i = 0; i < 200; i++) {
      var sinLambda = Math.sin(lambda);
      var cosLambda = Math.cos(lambda);
      var t1 = cosU2 * sinLambda;
      var t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma === 0) {
        // coincident points
        return 0;
      }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
      var c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
      var previous = lambda;
      lambda = lambdaL + (1 - c) * f * sinAlpha *
        (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
      if (Math.abs(lambda - previous) < 1e-12) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      return haversineKm(p1, p2);
    }
    var uSq = cosSqAlpha * (a * a - b * b) / (b * b);
    var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 *
      (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
       bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * bigA * (sigma - deltaSigma) / 1000;
  }
  function pathLengthKm(points, closed) {
    var total = 0;
    for (var i = 1; i < points.length; i++) {
      total += geodesicKm(points[i - 1], points[i]);
    }
    if (closed && points.length > 2) {
      total += geodesicKm(points[points.length - 1], points[0]);
    }
    return total;
  }

  // q(phi) of the authalic latitude (Snyder 1987, eq. 3-12), from sin(phi).
  function authalicQ(sinPhi) {
    var es = WGS84_E * sinPhi;
    return (1 - WGS84_E2) *
      (sinPhi / (1 - es * es) - Math.log((1 - es) / (1 + es)) / (2 * WGS84_E));
  }

  var AUTHALIC_Q_POLE = authalicQ(1);
  // Radius of the sphere with the ellipsoid's surface area: R_q = 6371.0072 km.
  var AUTHALIC_RADIUS_KM = WGS84_A_KM * Math.sqrt(AUTHALIC_Q_POLE / 2);

  // Authalic latitude (radians) of a geodetic latitude (degrees): the latitude
  // on the R_q sphere below which lies the same area as on the ellipsoid.
  function authalicLatitude(latDeg) {
    var ratio = authalicQ(Math.sin(latDeg * RAD)) / AUTHALIC_Q_POLE;
    return Math.asin(Math.max(-1, Math.min(1, ratio)));
  }

  // Area of a polygon on the WGS84 ellipsoid, in km².  Each vertex is mapped to
  // its authalic latitude (an equal-area map onto the sphere of radius R_q),
  // then the spherical excess is summed over the edges: for each edge, the
  // signed excess of the region between it and the pole,
  // tan(E/2) = tan(dLambda/2) (tan(b1/2) + tan(b2/2)) / (1 + tan(b1/2) tan(b2/2)).
  // Edges are great-circle arcs on the authalic sphere; for edges of a few
  // hundred km this differs from geodesic edges by about 1e-6 of the area.
  function ellipsoidAreaKm2(points) {
    var n = points.length;
    if (n < 3) {
      return 0;
    }
    var sum = 0;
    for (var i = 0; i < n; i++) {
      var p1 = points[i];
      var p2 = points[(i + 1) % n];
      var t1 = Math.tan(authalicLatitude(p1.lat) / 2);
      var t2 = Math.tan(authalicLatitude(p2.lat) / 2);
      var dLambda = wrapPi((p2.lng - p1.lng) * RAD);
      sum += 2 * Math.atan2(Math.tan(dLambda / 2) * (t1 + t2), 1 + t1 * t2);
    }
    var excess = Math.abs(sum);
    excess = Math.min(excess, 4 * Math.PI - excess);
    return excess * AUTHALIC_RADIUS_KM * AUTHALIC_RADIUS_KM;
  }


  return {
    RAD: RAD, WGS84_A_KM: WGS84_A_KM, WGS84_F: WGS84_F, AUTHALIC_RADIUS_KM: AUTHALIC_RADIUS_KM,
    wrapPi: wrapPi, haversineKm: haversineKm, geodesicKm: geodesicKm,
    pathLengthKm: pathLengthKm, authalicLatitude: authalicLatitude,
    ellipsoidAreaKm2: ellipsoidAreaKm2
  };
}());
