"""The Kubernetes manifests (deploy/k8s): rendered with ``kubectl kustomize`` as a cluster would
take them, every resource validated offline against the Kubernetes schemas
(``kubernetes-validate``, strict: an unknown field fails), and the properties a classroom
needs asserted: replicas, a non-root pod on a read-only root filesystem, probes on the health
endpoint, the shared cookie secret, cookie affinity that keeps a browser on its pod, websocket
timeouts, the upload limit, the hosting headers, autoscaling and disruption budget.

No cluster runs here. Skipped, with the reason, where kubectl or kubernetes-validate is missing.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest

kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="pip install -r requirements-dev.txt"
)
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
#: The oldest Kubernetes the manifests are for (a preStop sleep needs 1.30), and the newest
#: whose schemas kubernetes-validate holds.
VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
#: The longest query string the app writes in a link.
LINK_LIMIT = 16_000
HEALTH = "/_stcore/health"


def _render(folder: str) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: it renders the kustomizations")
    done = subprocess.run([kubectl, "kustomize", str(K8S / folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module", params=["base", "overlays/example"])
def rendered(request) -> dict[str, dict]:
    """The resources a kustomization renders, by kind (one of each)."""
    resources = _render(request.param)
    kinds = [resource["kind"] for resource in resources]
    assert len(kinds) == len(set(kinds)), kinds
    return {resource["kind"]: resource for resource in resources}


@pytest.fixture(scope="module")
def overlay() -> dict[str, dict]:
    return {resource["kind"]: resource for resource in _render("overlays/example")}


def _controller_settings() -> dict:
    return yaml.safe_load((K8S / "ingress-nginx" / "controller-configmap.yaml").read_text())


@pytest.mark.parametrize("version", VERSIONS)
def test_every_resource_is_valid_kubernetes(rendered, version):
    for resource in [*rendered.values(), _controller_settings()]:
        kubernetes_validate.validate(resource, version, strict=True)


def test_the_validation_would_catch_a_mistake(rendered):
    broken = copy.deepcopy(rendered["Deployment"])
    broken["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}  # a typo
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[0], strict=True)


def _pod(rendered: dict[str, dict]) -> dict:
    return rendered["Deployment"]["spec"]["template"]["spec"]


def _container(rendered: dict[str, dict]) -> dict:
    (container,) = _pod(rendered)["containers"]
    return container


def test_two_replicas_or_more_of_a_non_root_pod_on_a_read_only_filesystem(rendered):
    assert rendered["Deployment"]["spec"]["replicas"] >= 2
    pod, container = _pod(rendered), _container(rendered)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001  # the image's user (Dockerfile)
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    assert pod["automountServiceAccountToken"] is False
    assert pod["enableServiceLinks"] is False  # no LOSSVIZ_PORT=tcp://... from the Service
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    # Where the app writes (uploads spool to /tmp): an emptyDir each.
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]


def test_resources_probes_and_the_shared_cookie_secret(rendered):
    container = _container(rendered)
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind])
    port = container["ports"][0]
    assert port["containerPort"] == 8501
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        check = container[probe]["httpGet"]
        assert (check["path"], check["port"]) == (HEALTH, port["name"])
    env = {item["name"]: item for item in container["env"]}
    secret = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "lossviz-cookie-secret", "key": "cookie-secret"}


def test_the_service_and_the_disruption_budget_select_the_pods(rendered):
    labels = rendered["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert rendered["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service = rendered["Service"]["spec"]
    assert service["selector"].items() <= labels.items()
    assert service["ports"][0]["targetPort"] == _container(rendered)["ports"][0]["name"]
    budget = rendered["PodDisruptionBudget"]["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert 1 <= budget["minAvailable"] < rendered["Deployment"]["spec"]["replicas"]


def test_the_autoscaler_scales_the_deployment_on_cpu(rendered):
    spec = rendered["HorizontalPodAutoscaler"]["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": rendered["Deployment"]["metadata"]["name"],
    }
    assert spec["minReplicas"] >= 2 and spec["maxReplicas"] > spec["minReplicas"]
    (metric,) = spec["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"


def _megabytes(size: str) -> float:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", size.lower()).groups()
    return int(number) * {"": 1e-6, "k": 1e-3, "m": 1.0, "g": 1e3}[unit]


def test_the_ingress_keeps_a_browser_on_its_pod(rendered):
    ingress = rendered["Ingress"]
    notes = {
        key.removeprefix("nginx.ingress.kubernetes.io/"): value
        for key, value in ingress["metadata"]["annotations"].items()
    }
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert notes["affinity"] == "cookie"
    assert notes["affinity-mode"] == "persistent"
    assert notes["session-cookie-name"] == "lvsrv"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(notes[timeout]) >= 3600  # websockets live as long as their tab
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    upload_limit = int(re.search(r"^maxUploadSize = (\d+)$", config, re.M).group(1))  # MB
    assert _megabytes(notes["proxy-body-size"]) >= upload_limit
    assert int(notes["limit-rps"]) > 0 and int(notes["limit-connections"]) > 0
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": rendered["Service"]["metadata"]["name"], "port": {"name": "http"}}


def test_the_ingress_sends_the_hosting_headers(rendered):
    ingress, headers = rendered["Ingress"], rendered["ConfigMap"]
    named = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/custom-headers"]
    assert named == f"{headers['metadata']['namespace']}/{headers['metadata']['name']}"
    assert ingress["metadata"]["namespace"] == headers["metadata"]["namespace"]
    data = headers["data"]
    assert data["Content-Security-Policy"].startswith("frame-ancestors 'self'")
    assert data["X-Content-Type-Options"] == "nosniff"
    assert data["Referrer-Policy"] == "same-origin"
    allowed = _controller_settings()["data"]["global-allowed-response-headers"].split(",")
    assert set(data) <= set(allowed)  # else the controller refuses the Ingress's paths


def test_the_controller_takes_the_longest_link_and_hides_its_version():
    settings = _controller_settings()["data"]
    count, size = settings["large-client-header-buffers"].split()
    assert int(count) >= 2 and _megabytes(size) * 1e6 >= LINK_LIMIT + 2048
    assert settings["server-tokens"] == "false"
    assert settings["limit-req-status-code"] == settings["limit-conn-status-code"] == "429"


def test_the_example_overlay_names_its_host_image_and_wiki(overlay):
    ingress, container = overlay["Ingress"], _container(overlay)
    host = ingress["spec"]["rules"][0]["host"]
    assert ingress["spec"]["tls"][0]["hosts"] == [host]
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"] == host
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in env  # the base's, kept by the patch
    assert container["image"].startswith("registry.example.org/")
    headers = overlay["ConfigMap"]["data"]
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self' https://wiki.example.org"
    assert "X-Frame-Options" not in headers
    labels = overlay["Namespace"]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
